# Runs one Stan model (compiled once, compile time reported separately) and writes its draws as CSV,
# with the sampling wall time, for bench/infer.bench.ts. Usage: Rscript run_stan.R MODEL.stan DATA.R OUT_PREFIX SEED
suppressMessages(library(rstan))
args <- commandArgs(trailingOnly = TRUE)
t0 <- Sys.time()
model <- stan_model(args[1])
compile_s <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
env <- new.env(); sys.source(args[2], envir = env); data <- as.list(env)
t1 <- Sys.time()
fit <- sampling(model, data = data, chains = 4, iter = 2000, warmup = 1000, seed = as.integer(args[4]), cores = 1, refresh = 0)
sample_s <- as.numeric(difftime(Sys.time(), t1, units = "secs"))
arr <- as.array(fit)
pars <- dimnames(arr)[[3]]
pars <- pars[pars != "lp__"]
for (c in seq_len(dim(arr)[2])) {
  write.csv(arr[, c, pars, drop = FALSE][, 1, ], paste0(args[3], "_chain", c, ".csv"), row.names = FALSE)
}
writeLines(sprintf('{"compile_s": %f, "sample_s": %f, "elapsed": %f}', compile_s, sample_s, sum(get_elapsed_time(fit))), paste0(args[3], "_time.json"))
