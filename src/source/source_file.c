#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ddl/ddl_parse.h"
#include "ddl/defaults.h"
#include "source/source.h"

static int ends_with_sql(const char *name) {
  size_t n = strlen(name);
  return n > 4 && !strcmp(name + n - 4, ".sql");
}

static int by_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.sql names of a directory, sorted; *names is malloc'd. */
static int list_dir(const char *path, char ***names, int *count, sr_err *err) {
  DIR *d = opendir(path);
  if (!d)
    return sr_errf(err, "%s: cannot open directory: %s", path, strerror(errno));
  char **v = NULL;
  int n = 0, cap = 0, rc = SR_OK;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.' || !ends_with_sql(e->d_name))
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 32;
      char **nv = realloc(v, sizeof(*v) * (size_t)cap);
      if (!nv) {
        rc = sr_oom(err);
        break;
      }
      v = nv;
    }
    if (!(v[n] = strdup(e->d_name))) {
      rc = sr_oom(err);
      break;
    }
    n++;
  }
  closedir(d);
  if (rc) {
    while (n)
      free(v[--n]);
    free(v);
    return rc;
  }
  if (n > 1)
    qsort(v, (size_t)n, sizeof *v, by_str);
  *names = v;
  *count = n;
  return SR_OK;
}

/* What a file that is not a regular file is, for the message. */
static const char *file_kind(mode_t m) {
  return S_ISDIR(m)    ? "a directory"
         : S_ISFIFO(m) ? "a FIFO"
         : S_ISCHR(m)  ? "a character device"
         : S_ISBLK(m)  ? "a block device"
         : S_ISSOCK(m) ? "a socket"
                       : "not a regular file";
}

/* The whole of an open regular file, read by its length (not mapped: a
 * file truncated while it is read is then a short read, not a crash) and
 * no larger than SR_FILE_MAX, even when it grows while it is read. */
static int read_fd(int fd, const char *path, size_t size, char **text,
                   size_t *n, sr_err *err) {
  size_t cap = size + 1, len = 0;
  char *buf = malloc(cap);
  if (!buf)
    return sr_oom(err);
  for (;;) {
    if (len == cap) { /* it grew */
      char *nb = realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        return sr_oom(err);
      }
      buf = nb, cap *= 2;
    }
    ssize_t k = read(fd, buf + len, cap - len);
    if (k < 0 && errno == EINTR)
      continue;
    if (k < 0) {
      int e = errno;
      free(buf);
      return sr_errf(err, "%s: read error: %s", path, strerror(e));
    }
    if (k == 0)
      break;
    len += (size_t)k;
    if (len > SR_FILE_MAX) {
      free(buf);
      return sr_errf(err, "%s: larger than %d MiB, the limit of a schema file",
                     path, SR_FILE_MAX >> 20);
    }
  }
  *text = buf;
  *n = len;
  return SR_OK;
}

/* Only regular files are read: a FIFO, a device such as /dev/zero or a
 * directory named x.sql would hang or grow without bound. O_NONBLOCK keeps
 * the open of a FIFO from waiting for a writer. */
static int parse_file(sr_schema *s, sr_script *sc, const char *path,
                      sr_err *err) {
  /* The name lives as long as the schema: tables keep it as origin. */
  const char *name = sr_arena_strdup(&s->arena, path);
  if (!name)
    return sr_oom(err);
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return sr_errf(err, "%s: cannot open: %s", path, strerror(errno));
  struct stat st;
  int rc = SR_OK;
  char *text = NULL;
  size_t n = 0;
  if (fstat(fd, &st))
    rc = sr_errf(err, "%s: cannot read: %s", path, strerror(errno));
  else if (!S_ISREG(st.st_mode))
    rc = sr_errf(err, "%s: %s: only regular files are read as a schema", path,
                 file_kind(st.st_mode));
  else if (st.st_size > SR_FILE_MAX)
    rc = sr_errf(err, "%s: larger than %d MiB, the limit of a schema file",
                 path, SR_FILE_MAX >> 20);
  else
    rc = read_fd(fd, path, (size_t)st.st_size, &text, &n, err);
  close(fd);
  if (!rc)
    rc = sr_parse_script(s, sc, name, text, n, err);
  free(text);
  return rc;
}

static char *join_path(const char *dir, const char *name) {
  size_t n = strlen(dir) + strlen(name) + 2;
  char *p = malloc(n);
  if (p)
    snprintf(p, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
  return p;
}

/* The subfolders of path in byte order (up to four named), for the note
 * of an empty directory: schemas kept in subfolders are the usual reason,
 * and subfolders are not read. */
static void subfolders(sr_buf *b, const char *path) {
  DIR *d = opendir(path);
  char **v = NULL;
  int n = 0, cap = 0;
  struct dirent *e;
  while (d && (e = readdir(d))) {
    struct stat st;
    char *full = e->d_name[0] == '.' ? NULL : join_path(path, e->d_name);
    int dir = full && !stat(full, &st) && S_ISDIR(st.st_mode);
    free(full);
    if (dir && n == cap) {
      char **nv = realloc(v, sizeof(*v) * (size_t)(cap = cap ? cap * 2 : 8));
      if (!nv)
        break;
      v = nv;
    }
    if (dir && !(v[n] = strdup(e->d_name)))
      break;
    n += dir;
  }
  if (d)
    closedir(d);
  if (n > 1)
    qsort(v, (size_t)n, sizeof *v, by_str);
  for (int i = 0; i < n; i++) {
    if (i < 4)
      sr_buf_printf(b, "%s%s/", i ? ", " : "; subfolders are not read: ", v[i]);
    free(v[i]);
  }
  if (n > 4)
    sr_buf_printf(b, " and %d more", n - 4);
  free(v);
}

/* What an empty source read, in words (sr_schema.what_read). */
static int note_empty(sr_schema *s, const char *path, int dir, int nfiles,
                      sr_err *err) {
  sr_buf b;
  sr_buf_init(&b);
  if (!dir)
    sr_buf_printf(&b, "file '%s' has no CREATE statement", path);
  else if (nfiles)
    sr_buf_printf(&b, "directory '%s': %d .sql file%s, no CREATE statement",
                  path, nfiles, nfiles == 1 ? "" : "s");
  else {
    sr_buf_printf(&b, "directory '%s' holds no .sql file", path);
    subfolders(&b, path);
  }
  const char *t = sr_buf_str(&b);
  s->what_read = t ? sr_arena_strdup(&s->arena, t) : NULL;
  sr_buf_free(&b);
  return s->what_read ? SR_OK : sr_oom(err);
}

int sr_file_parse(const char *path, sr_env env, sr_schema **out, sr_err *err) {
  struct stat st;
  if (!*path)
    return sr_errf(err, "empty source: expected a path, ddl:<text>, "
                        "table:<prefix> or starrocks://...");
  if (stat(path, &st))
    return sr_errf(err,
                   "%s: cannot read source: %s (expected a .sql file, a "
                   "directory, ddl:<text>, table:<prefix> or starrocks://...)",
                   path, strerror(errno));
  sr_schema *s = sr_schema_new(env);
  if (!s)
    return sr_oom(err);
  int rc = SR_OK, n = 0;
  sr_script sc = {0};
  if (S_ISDIR(st.st_mode)) {
    char **names = NULL;
    rc = list_dir(path, &names, &n, err);
    for (int i = 0; !rc && i < n; i++) {
      char *full = join_path(path, names[i]);
      rc = full ? parse_file(s, &sc, full, err) : sr_oom(err);
      free(full);
    }
    for (int i = 0; i < n; i++)
      free(names[i]);
    free(names);
  } else {
    rc = parse_file(s, &sc, path, err);
  }
  if (!rc)
    rc = sr_script_check(s, &sc, err);
  if (!rc && !s->ntables)
    rc = note_empty(s, path, S_ISDIR(st.st_mode), n, err);
  if (rc) {
    sr_schema_free(s);
    return rc;
  }
  *out = s;
  return SR_OK;
}

/* Parsed (rc is the parse's), then made canonical (defaults) and
 * sorted. */
static int finish(int rc, sr_schema **out, sr_err *err) {
  if (!rc && (rc = sr_schema_finish(*out, err)) != SR_OK) {
    sr_schema_free(*out);
    *out = NULL;
  }
  return rc;
}

int sr_file_load(const char *path, sr_env env, sr_schema **out, sr_err *err) {
  return finish(sr_file_parse(path, env, out, err), out, err);
}

int sr_ddl_parse(const char *text, sr_env env, sr_schema **out, sr_err *err) {
  sr_schema *s = sr_schema_new(env);
  if (!s)
    return sr_oom(err);
  sr_script sc = {0};
  int rc = sr_parse_script(s, &sc, "ddl", text, strlen(text), err);
  if (!rc)
    rc = sr_script_check(s, &sc, err);
  if (!rc && !s->ntables)
    s->what_read = "the ddl: text has no CREATE statement";
  if (rc) {
    sr_schema_free(s);
    return rc;
  }
  *out = s;
  return SR_OK;
}

int sr_ddl_load(const char *text, sr_env env, sr_schema **out, sr_err *err) {
  return finish(sr_ddl_parse(text, env, out, err), out, err);
}

static void stamp(sr_buf *fp, const char *path, const struct stat *st) {
  sr_buf_printf(fp, "%s:%lld:%lld.%09ld;", path, (long long)st->st_size,
                (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
}

int sr_file_fingerprint(const char *path, sr_buf *fp, sr_err *err) {
  struct stat st;
  if (stat(path, &st))
    return sr_errf(err,
                   "%s: cannot read source: %s (expected a .sql file, a "
                   "directory, ddl:<text>, table:<prefix> or starrocks://...)",
                   path, strerror(errno));
  stamp(fp, path, &st);
  if (!S_ISDIR(st.st_mode))
    return SR_OK;
  char **names;
  int n;
  if (list_dir(path, &names, &n, err))
    return SR_ERROR;
  for (int i = 0; i < n; i++) {
    char *full = join_path(path, names[i]);
    if (full && !stat(full, &st))
      stamp(fp, full, &st);
    free(full);
    free(names[i]);
  }
  free(names);
  return SR_OK;
}
