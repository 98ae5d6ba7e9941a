# Runs one Stan model for bench/infer.bench.ts, once per seed, and writes under OUT_PREFIX: the draws
# (OUT_PREFIX_sSEED_chainK.csv) and OUT_PREFIX_result.json with, per seed, Stan's own sampler time, the
# leapfrog (gradient) count over warm-up + sampling, the final step sizes, and rstan's bulk ESS
# (rstan::ess_bulk) of every parameter for Stan's draws and, if OURS_PREFIX is given, for our sampler's
# draws of the same seed (OURS_PREFIX_sSEED_chainK.csv), so that each sampler's ESS is computed by both
# estimators. The compiled model is cached beside OUT_PREFIX as MODEL.stanmodel.rds (rebuilt when the .stan file is
# newer): compilation is never part of the timed run.
# Usage: Rscript run_stan.R MODEL.stan DATA.R OUT_PREFIX SEED[,SEED...] CHAINS WARMUP DRAWS [OURS_PREFIX [METRIC]]
# (METRIC: diag_e, Stan's default, or dense_e)
suppressMessages(library(rstan))
args <- commandArgs(trailingOnly = TRUE)
seeds <- as.integer(strsplit(args[4], ",")[[1]])
chains <- as.integer(args[5]); warmup <- as.integer(args[6]); draws <- as.integer(args[7])
cache <- file.path(dirname(args[3]), sub("\\.stan$", ".stanmodel.rds", basename(args[1])))
t0 <- Sys.time()
if (file.exists(cache) && file.mtime(cache) > file.mtime(args[1])) {
  model <- readRDS(cache)
} else {
  model <- stan_model(args[1])
  saveRDS(model, cache)
}
compile_s <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
env <- new.env(); sys.source(args[2], envir = env); data <- as.list(env)
# Optional OUT_PREFIX.init.csv: one row of (constrained) initial values per chain, as our sampler uses.
init_file <- paste0(args[3], ".init.csv")
init <- "random"
if (file.exists(init_file)) {
  rows <- read.csv(init_file)
  init <- lapply(seq_len(nrow(rows)), function(i) as.list(rows[i, , drop = FALSE]))
}
metric <- if (length(args) >= 9) args[9] else "diag_e"
num <- function(x) paste(sprintf("%.17g", x), collapse = ",")
per_seed <- character(0)
fit <- NULL
for (seed in seeds) {
  cpu0 <- proc.time()
  fit <- sampling(model, data = data, chains = chains, iter = warmup + draws, warmup = warmup,
                  seed = seed, cores = 1, refresh = 0, init = init, control = list(metric = metric))
  cpu1 <- proc.time() - cpu0
  # get_elapsed_time: Stan's own timer around its warm-up and sampling loops; in Stan 2.21
  # (services/util/run_adaptive_sampler.hpp) it is clock(), i.e. CPU time of this single-threaded process.
  el <- get_elapsed_time(fit)
  sp <- get_sampler_params(fit, inc_warmup = TRUE)
  leapfrogs <- sum(sapply(sp, function(x) sum(x[, "n_leapfrog__"])))
  divergent <- sum(sapply(sp, function(x) sum(x[(warmup + 1):(warmup + draws), "divergent__"])))
  stepsizes <- sapply(sp, function(x) x[warmup + draws, "stepsize__"])
  arr <- as.array(fit)
  pars <- dimnames(arr)[[3]]
  pars <- pars[pars != "lp__"]
  for (c in seq_len(dim(arr)[2])) {
    write.csv(arr[, c, pars, drop = FALSE][, 1, ], sprintf("%s_s%d_chain%d.csv", args[3], seed, c), row.names = FALSE)
  }
  stan_ess <- sapply(pars, function(p) ess_bulk(arr[, , p]))
  ours_ess <- numeric(0)
  if (length(args) >= 8) {
    ours <- lapply(seq_len(chains), function(c) as.matrix(read.csv(sprintf("%s_s%d_chain%d.csv", args[8], seed, c))))
    ours_ess <- sapply(seq_len(ncol(ours[[1]])), function(j) ess_bulk(sapply(ours, function(m) m[, j])))
  }
  per_seed <- c(per_seed, sprintf(paste0('{"seed": %d, "rstan_cpu_s": %s, "elapsed_warmup_s": %s, "elapsed_sampling_s": %s,',
                                        ' "leapfrogs": %d, "divergent": %d, "stepsizes": [%s], "rstan_ess_stan": [%s], "rstan_ess_ours": [%s]}'),
                                 seed, num(cpu1[["user.self"]] + cpu1[["sys.self"]]), num(sum(el[, 1])), num(sum(el[, 2])),
                                 as.integer(leapfrogs), as.integer(divergent), num(stepsizes), num(stan_ess), num(ours_ess)))
}
# Optional OUT_PREFIX.check.csv: unconstrained points at which Stan's log density (with the Jacobian)
# is reported, so that the benchmark can check that both samplers target the same posterior.
check <- paste0(args[3], ".check.csv")
lp_check <- numeric(0)
if (file.exists(check)) {
  pts <- as.matrix(read.csv(check, header = FALSE))
  lp_check <- apply(pts, 1, function(u) log_prob(fit, as.numeric(u), adjust_transform = TRUE))
}
writeLines(sprintf('{"compile_or_load_s": %s, "seeds": [%s], "log_prob_check": [%s]}',
                   num(compile_s), paste(per_seed, collapse = ","), num(lp_check)),
           paste0(args[3], "_result.json"))
