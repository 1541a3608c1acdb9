/* Loads a schema source through the extension and prints wall time, CPU
 * time and peak memory:  bench_load ./libsrschema.so SOURCE [SQL]  */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
         (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s EXT SOURCE [SQL]\n", argv[0]);
    return 2;
  }
  sqlite3 *db;
  char *err = NULL;
  sqlite3_open(":memory:", &db);
  sqlite3_enable_load_extension(db, 1);
  if (sqlite3_load_extension(db, argv[1], NULL, &err)) {
    fprintf(stderr, "load: %s\n", err);
    return 1;
  }
  const char *sql = argc > 3 ? argv[3]
                             : "SELECT (SELECT count(*) FROM sr_tables(?1)),"
                               " (SELECT count(*) FROM sr_columns(?1))";
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL)) {
    fprintf(stderr, "prepare: %s\n", sqlite3_errmsg(db));
    return 1;
  }
  sqlite3_bind_text(st, 1, argv[2], -1, SQLITE_STATIC);
  double t0 = now(), c0 = cpu();
  int rc, rows = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (rows++ < 3) {
      for (int i = 0; i < sqlite3_column_count(st); i++)
        printf("%s%s", i ? " | " : "  result: ",
               (const char *)sqlite3_column_text(st, i));
      printf("\n");
    }
  }
  double t1 = now(), c1 = cpu();
  if (rc != SQLITE_DONE) {
    fprintf(stderr, "step: %s\n", sqlite3_errmsg(db));
    return 1;
  }
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("  rows %d, wall %.3f s, cpu %.3f s, peak rss %.1f MB\n", rows,
         t1 - t0, c1 - c0, (double)ru.ru_maxrss / 1024.0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return 0;
}
