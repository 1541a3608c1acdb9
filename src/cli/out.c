/* Printing: errors on stderr, JSON on stdout, colours on terminals only,
 * sources shown without their password. */
#include <stdarg.h>
#include <string.h>

#include "cli/cli.h"
#include "live/live.h"

int cli_fail(const cli *c, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *m = sqlite3_vmprintf(fmt, ap);
  va_end(ap);
  int on = c && c->color_err;
  fprintf(stderr, "%ssrschema%s%s:%s %s\n", cli_color(on, "error"),
          c && c->cmd ? " " : "", c && c->cmd ? c->cmd->name : "",
          cli_color(on, "off"), m ? m : "out of memory");
  sqlite3_free(m);
  return CLI_TROUBLE;
}

char *cli_source_label(const char *source) {
  sr_buf b;
  sr_buf_init(&b);
  sr_live_redact(&b, source); /* SPEC §1: never a password */
  const char *s = sr_buf_str(&b);
  char *r = NULL;
  if (s) {
    /* Inline text is shown by its first line, at most 60 bytes, cut
     * between UTF-8 characters. */
    size_t n = strcspn(s, "\r\n");
    int cut = s[n] != 0;
    if (n > 60)
      for (cut = 1, n = 60; n && (s[n] & 0xC0) == 0x80;)
        n--;
    r = sqlite3_mprintf("%.*s%s", (int)n, s, cut ? "..." : "");
  }
  sr_buf_free(&b);
  return r;
}

/* An array of rows prints one row per line: readable, and easy to grep. */
int cli_print_json(const cli *c, const cJSON *v) {
  if (!cJSON_IsArray(v) || !v->child) {
    char *s = cJSON_PrintUnformatted(v);
    if (s)
      printf("%s\n", s);
    cJSON_free(s);
    return s ? 0 : cli_fail(c, "out of memory");
  }
  for (const cJSON *row = v->child; row; row = row->next) {
    char *s = cJSON_PrintUnformatted(row);
    if (!s)
      return cli_fail(c, "out of memory");
    printf("%s%s%s", row == v->child ? "[\n  " : ",\n  ", s,
           row->next ? "" : "\n]\n");
    cJSON_free(s);
  }
  return 0;
}

int cli_finish_output(const cli *c, int status) {
  if (fflush(stdout) || ferror(stdout))
    return cli_fail(c, "cannot write the output");
  return status;
}

const char *cli_color(int on, const char *which) {
  static const struct {
    const char *name, *code;
  } k[] = {{"comment", "\033[2m"},      {"skipped", "\033[33m"},
           {"unsupported", "\033[31m"}, {"error", "\033[1;31m"},
           {"warning", "\033[33m"},     {"off", "\033[0m"}};
  if (!on)
    return "";
  for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
    if (!strcmp(k[i].name, which))
      return k[i].code;
  return "";
}

const char *cli_field(const cJSON *row, const char *name) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(row, name);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}
