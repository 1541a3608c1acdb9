#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ddl_parse.h"
#include "defaults.h"
#include "source.h"

static int read_all(const char *path, char **text, size_t *n, sr_err *err) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return sr_errf(err, "%s: cannot open: %s", path, strerror(errno));
  sr_buf b;
  sr_buf_init(&b);
  char chunk[65536];
  size_t k;
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
    sr_buf_add(&b, chunk, k);
  int bad = ferror(f);
  fclose(f);
  if (bad || b.oom) {
    sr_buf_free(&b);
    return bad ? sr_errf(err, "%s: read error", path) : sr_oom(err);
  }
  sr_buf_str(&b);
  *text = b.s;
  *n = b.n;
  return SR_OK;
}

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

/* Large files are mapped rather than read: the parser copies what it keeps
 * into the arena, so the text is needed only while parsing. */
static int parse_mapped(sr_schema *s, sr_script *sc, const char *name, int fd,
                        size_t n, sr_err *err) {
  void *text = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0);
  if (text == MAP_FAILED)
    return sr_errf(err, "%s: cannot map: %s", name, strerror(errno));
  int rc = sr_parse_script(s, sc, name, text, n, err);
  munmap(text, n);
  return rc;
}

static int parse_file(sr_schema *s, sr_script *sc, const char *path,
                      sr_err *err) {
  /* The name lives as long as the schema: tables keep it as origin. */
  const char *name = sr_arena_strdup(&s->arena, path);
  if (!name)
    return sr_oom(err);
  int fd = open(path, O_RDONLY);
  struct stat st;
  if (fd >= 0 && !fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_size > 65536) {
    int rc = parse_mapped(s, sc, name, fd, (size_t)st.st_size, err);
    close(fd);
    return rc;
  }
  if (fd >= 0)
    close(fd);
  char *text;
  size_t n;
  if (read_all(path, &text, &n, err))
    return SR_ERROR;
  int rc = sr_parse_script(s, sc, name, text, n, err);
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

int sr_file_load(const char *path, sr_env env, sr_schema **out, sr_err *err) {
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
  if (!rc)
    rc = sr_schema_finish(s, err);
  if (!rc && !s->ntables)
    rc = note_empty(s, path, S_ISDIR(st.st_mode), n, err);
  if (rc) {
    sr_schema_free(s);
    return rc;
  }
  *out = s;
  return SR_OK;
}

int sr_ddl_load(const char *text, sr_env env, sr_schema **out, sr_err *err) {
  sr_schema *s = sr_schema_new(env);
  if (!s)
    return sr_oom(err);
  sr_script sc = {0};
  int rc = sr_parse_script(s, &sc, "ddl", text, strlen(text), err);
  if (!rc)
    rc = sr_script_check(s, &sc, err);
  if (!rc)
    rc = sr_schema_finish(s, err);
  if (!rc && !s->ntables)
    s->what_read = "the ddl: text has no CREATE statement";
  if (rc) {
    sr_schema_free(s);
    return rc;
  }
  *out = s;
  return SR_OK;
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
