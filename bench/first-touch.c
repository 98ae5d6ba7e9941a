// First-touch rate of fresh anonymous memory (docs/benchmarks.md, "Table I/O"): T threads each
// touch one byte per 4 KB page of their share of a new N MB mapping; prints MB/s. A whole-table
// read must fill that much fresh memory, so this rate bounds any reader on the machine.
// Build and run: gcc -O2 -o first-touch bench/first-touch.c -lpthread && ./first-touch 480 1
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

static char *base;
static size_t share;

static void *touch(void *arg) {
  char *p = base + (size_t)arg * share;
  for (size_t i = 0; i < share; i += 4096) p[i] = 1;
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: first-touch N_MB THREADS\n");
    return 2;
  }
  size_t bytes = (size_t)atoi(argv[1]) << 20;
  int threads = atoi(argv[2]);
  if (threads < 1 || threads > 64) threads = 1;
  base = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED) return 1;
  share = bytes / threads;
  pthread_t th[64];
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (int t = 0; t < threads; t++) pthread_create(&th[t], NULL, touch, (void *)(size_t)t);
  for (int t = 0; t < threads; t++) pthread_join(th[t], NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  double s = (b.tv_sec - a.tv_sec) + 1e-9 * (b.tv_nsec - a.tv_nsec);
  printf("touch %s MB, %d threads: %.0f MB/s\n", argv[1], threads, bytes / 1e6 / s);
  return 0;
}
