/* srschema dump SOURCE DIR: one canonical .sql file per table, view and
 * materialized view (the `ddl` column of sr_tables, SPEC §2), so that the
 * directory read back as a source gives the same rows and `srschema
 * check SOURCE DIR` finds no drift. */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

/* The file name of an object: its name with every byte outside
 * [A-Za-z0-9_-] and UTF-8 percent-encoded, so that any StarRocks name
 * gives one plain file in DIR (no '/', no leading '.'), and two names
 * never give the same file. */
static char *file_name(const char *name) {
  sqlite3_str *s = sqlite3_str_new(NULL);
  for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
    int plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
                *p >= 0x80;
    if (plain)
      sqlite3_str_appendchar(s, 1, (char)*p);
    else
      sqlite3_str_appendf(s, "%%%02X", *p);
  }
  sqlite3_str_appendall(s, ".sql");
  return sqlite3_str_finish(s);
}

/* mkdir -p */
static int make_dir(const char *dir) {
  if (!*dir)
    return ENOENT;
  char *d = sqlite3_mprintf("%s", dir);
  if (!d)
    return ENOMEM;
  int rc = 0;
  for (char *p = d + 1; !rc; p++) {
    if (*p && *p != '/')
      continue;
    char c = *p;
    *p = 0;
    if (mkdir(d, 0777) && errno != EEXIST)
      rc = errno;
    *p = c;
    if (!c)
      break;
  }
  sqlite3_free(d);
  struct stat st;
  if (!rc && (stat(dir, &st) || !S_ISDIR(st.st_mode)))
    rc = ENOTDIR;
  return rc;
}

/* The file each row will be written to, as the row's "file" field. */
static int name_files(cli *c, cJSON *rows) {
  cJSON *row;
  cJSON_ArrayForEach(row, rows) {
    char *f = file_name(cli_field(row, "table_name"));
    cJSON *v = f ? cJSON_CreateString(f) : NULL;
    sqlite3_free(f);
    if (!v || !cJSON_AddItemToObject(row, "file", v)) {
      cJSON_Delete(v);
      return cli_fail(c, "out of memory");
    }
  }
  return 0;
}

static int is_ours(const cJSON *rows, const char *file) {
  const cJSON *row;
  cJSON_ArrayForEach(row, rows) {
    if (!strcmp(cli_field(row, "file"), file))
      return 1;
  }
  return 0;
}

/* The *.sql files of dir that name no object (the names a directory
 * source reads: not hidden, ending in .sql). */
static cJSON *stale_files(cli *c, const char *dir, const cJSON *rows) {
  DIR *d = opendir(dir);
  if (!d) {
    cli_fail(c, "%s: cannot list: %s", dir, strerror(errno));
    return NULL;
  }
  cJSON *stale = cJSON_CreateArray();
  struct dirent *e;
  while (stale && (e = readdir(d))) {
    size_t n = strlen(e->d_name);
    if (e->d_name[0] == '.' || n < 5 || strcmp(e->d_name + n - 4, ".sql") ||
        is_ours(rows, e->d_name))
      continue;
    cJSON *v = cJSON_CreateString(e->d_name);
    if (!v) {
      cJSON_Delete(stale);
      stale = NULL;
    } else {
      cJSON_AddItemToArray(stale, v);
    }
  }
  closedir(d);
  if (!stale)
    cli_fail(c, "out of memory");
  return stale;
}

/* 1 when path holds exactly text. */
static int same_content(const char *path, const char *text) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return 0;
  size_t n = strlen(text), i = 0;
  int ch, same = 1;
  while (same && (ch = fgetc(f)) != EOF)
    same = i < n && (char)ch == text[i++];
  same = same && i == n && !ferror(f);
  fclose(f);
  return same;
}

/* Written beside the file and renamed over it, so that a reader never
 * sees half a file. */
static int write_file(cli *c, const char *dir, const char *file,
                      const char *text) {
  char *path = sqlite3_mprintf("%s/%s", dir, file);
  char *tmp = sqlite3_mprintf("%s/.%s.tmp", dir, file);
  int rc = 0;
  if (!path || !tmp) {
    rc = cli_fail(c, "out of memory");
  } else {
    FILE *f = fopen(tmp, "wb");
    int ok = f && fputs(text, f) >= 0;
    ok = f && !fclose(f) && ok;
    if (!ok || rename(tmp, path))
      rc = cli_fail(c, "%s: cannot write: %s", path, strerror(errno));
    if (rc)
      unlink(tmp);
  }
  sqlite3_free(path);
  sqlite3_free(tmp);
  return rc;
}

/* Writes one object's file unless it already holds that text; sets the
 * row's "action" to written or unchanged. */
static int dump_one(cli *c, const char *dir, cJSON *row) {
  const char *file = cli_field(row, "file");
  char *text = cli_statement_text(cli_field(row, "ddl"));
  char *path = sqlite3_mprintf("%s/%s", dir, file);
  int rc = !text || !path ? cli_fail(c, "out of memory") : 0;
  int same = !rc && same_content(path, text);
  if (!rc && !same)
    rc = write_file(c, dir, file, text);
  sqlite3_free(text);
  sqlite3_free(path);
  if (!rc &&
      !cJSON_AddStringToObject(row, "action", same ? "unchanged" : "written"))
    rc = cli_fail(c, "out of memory");
  return rc;
}

static int prune(cli *c, const char *dir, const cJSON *stale, cJSON *rows) {
  const cJSON *v;
  cJSON_ArrayForEach(v, stale) {
    char *path = sqlite3_mprintf("%s/%s", dir, v->valuestring);
    int rc = !path ? cli_fail(c, "out of memory")
             : unlink(path)
                 ? cli_fail(c, "%s: cannot remove: %s", path, strerror(errno))
                 : 0;
    sqlite3_free(path);
    cJSON *row = rc ? NULL : cJSON_CreateObject();
    if (!rc && (!row || !cJSON_AddStringToObject(row, "file", v->valuestring) ||
                !cJSON_AddStringToObject(row, "action", "removed")))
      rc = cli_fail(c, "out of memory");
    if (rc) {
      cJSON_Delete(row);
      return rc;
    }
    cJSON_AddItemToArray(rows, row);
  }
  return 0;
}

static int report(const cli *c, const cJSON *rows) {
  if (c->format == CLI_JSON)
    return cli_print_json(c, rows);
  const cJSON *row;
  cJSON_ArrayForEach(row, rows) {
    printf("%-9s %s/%s\n", cli_field(row, "action"), c->arg[1],
           cli_field(row, "file"));
  }
  return 0;
}

/* Other .sql files would make the directory a different schema: they are
 * an error (nothing written) unless --prune removes them. */
static int check_stale(cli *c, const cJSON *stale) {
  int n = cJSON_GetArraySize(stale);
  if (!n || c->prune)
    return 0;
  const char *first = cJSON_GetArrayItem(stale, 0)->valuestring;
  return cli_fail(c,
                  "%s holds %d .sql file%s that name%s no object of the "
                  "source (%s%s); nothing written: remove %s or use --prune",
                  c->arg[1], n, n == 1 ? "" : "s", n == 1 ? "s" : "", first,
                  n > 1 ? ", ..." : "", n == 1 ? "it" : "them");
}

static int dump(cli *c, cJSON *rows) {
  const char *dir = c->arg[1];
  const cJSON *ae = cJSON_GetObjectItemCaseSensitive(c->options, "allow_empty");
  if (!cJSON_GetArraySize(rows) && !cJSON_IsTrue(ae))
    return cli_fail(c, "the source holds no table, view or materialized "
                       "view; nothing written (--allow-empty to accept it)");
  int rc = make_dir(dir);
  if (rc)
    return cli_fail(c, "%s: cannot create the directory: %s", dir,
                    strerror(rc));
  rc = name_files(c, rows);
  cJSON *stale = rc ? NULL : stale_files(c, dir, rows);
  rc = stale ? check_stale(c, stale) : CLI_TROUBLE;
  cJSON *row;
  for (row = rows->child; !rc && row; row = row->next)
    rc = dump_one(c, dir, row);
  if (!rc)
    rc = prune(c, dir, stale, rows);
  cJSON_Delete(stale);
  return rc;
}

int cli_cmd_dump(cli *c) {
  const char *p[1] = {c->arg[0]};
  cJSON *rows = cli_rows(c,
                         "SELECT table_name, kind, ddl FROM sr_tables(?1) "
                         "ORDER BY table_name",
                         1, p);
  if (!rows)
    return CLI_TROUBLE;
  int rc = dump(c, rows);
  if (!rc) {
    /* The DDL is in the files; the report names them. */
    cJSON *row;
    cJSON_ArrayForEach(row, rows) cJSON_DeleteItemFromObject(row, "ddl");
    rc = report(c, rows);
  }
  cJSON_Delete(rows);
  return rc ? rc : cli_finish_output(c, CLI_SAME);
}
