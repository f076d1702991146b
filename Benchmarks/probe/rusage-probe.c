// rusage-probe REPORT TIMEOUT PROGRAM [ARG...]
//
// Runs PROGRAM with posix_spawnp, reaps it with wait4 and writes one line to REPORT:
//   <wall nanoseconds> <ru_maxrss kilobytes> <raw wait status> <1 if killed at TIMEOUT>
// TIMEOUT is in seconds (0: none); a program still running then gets SIGKILL, so a hang
// costs one row of the table, not the whole benchmark.
// Why a separate C program: on exec, Linux folds the high-water RSS of the address space
// being replaced into the new program's ru_maxrss. A child spawned straight from the
// benchmark (Swift runtime and Foundation, ~20 MB) inherits that floor; spawned from this
// probe, plain C built with `cc` (SwiftPM would link the Swift runtime), about 1 MB.
// stdin, stdout, stderr and the working directory are the probe's own, set by the caller.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static volatile sig_atomic_t expired = 0;

static void on_alarm(int signal_number) {
  (void)signal_number;
  expired = 1;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: rusage-probe REPORT TIMEOUT PROGRAM [ARG...]\n");
    return 125;
  }
  unsigned timeout = (unsigned)strtoul(argv[2], NULL, 10);
  // No SA_RESTART: the alarm must interrupt wait4.
  struct sigaction action = {0};
  action.sa_handler = on_alarm;
  sigemptyset(&action.sa_mask);
  sigaction(SIGALRM, &action, NULL);
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  pid_t pid;
  int spawned = posix_spawnp(&pid, argv[3], NULL, NULL, argv + 3, environ);
  if (spawned != 0) {
    fprintf(stderr, "cannot start %s: %s\n", argv[3], strerror(spawned));
    return 127;
  }
  if (timeout > 0) alarm(timeout);
  int killed = 0;
  int status = 0;
  struct rusage usage;
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      perror("wait4");
      return 126;
    }
    if (expired && !killed) {
      kill(pid, SIGKILL);
      killed = 1;
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &end);
  long long nanoseconds =
      (long long)(end.tv_sec - start.tv_sec) * 1000000000LL + (end.tv_nsec - start.tv_nsec);
  FILE *report = fopen(argv[1], "w");
  if (report == NULL) {
    perror(argv[1]);
    return 126;
  }
  fprintf(report, "%lld %ld %d %d\n", nanoseconds, usage.ru_maxrss, status, killed);
  fclose(report);
  return 0;
}
