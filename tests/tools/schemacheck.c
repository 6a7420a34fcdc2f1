/*
 * schemacheck: validate JSON lines against a JSON Schema (draft 2020-12).
 *
 *	schemacheck SCHEMA.json [FILE ...]
 *
 * Reads one JSON value per line from each FILE ("-" or none: standard
 * input), prints "file:line: path: message" for every violation and a
 * final "N records, M invalid" line, all on standard error.  Exit 0 when
 * there was at least one record and every record is valid, 1 otherwise,
 * 2 on a usage, I/O or schema error.  Blank lines are not records.
 *
 * Only the subset of the vocabulary that detectd's schemas use is
 * implemented, but that subset completely; a schema that uses any other
 * keyword is refused, so nothing in it can go silently unchecked.
 *
 * Defining SCHEMACHECK_NO_MAIN before including this file leaves out
 * main() so that a unit test can validate records in process.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define PCRE2_CODE_UNIT_WIDTH	8
#include <pcre2.h>

#define SC_PATH_MAX	1024

struct sc_pattern {
	const json_t	*src;		/* the schema's "pattern" string */
	pcre2_code	*code;
};

struct schemacheck {
	json_t			*schema;
	struct sc_pattern	*pats;
	size_t			 npats;
	pcre2_match_data	*md;
	/* Where violations are reported, and how many. */
	FILE			*report;
	const char		*file;
	size_t			 line;
	int			 quiet;		/* > 0 inside anyOf/oneOf trials */
};

static int	sc_check_schema(struct schemacheck *, const json_t *,
		    const char *);
static int	sc_validate(struct schemacheck *, const json_t *,
		    const json_t *, char *, size_t);

static void
sc_violation(struct schemacheck *sc, const char *path, const char *fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));

static void
sc_violation(struct schemacheck *sc, const char *path, const char *fmt, ...)
{
	va_list	 ap;

	if (sc->quiet > 0 || sc->report == NULL)
		return;
	fprintf(sc->report, "%s:%zu: %s: ", sc->file, sc->line,
	    path[0] != '\0' ? path : "(root)");
	va_start(ap, fmt);
	vfprintf(sc->report, fmt, ap);
	va_end(ap);
	fputc('\n', sc->report);
}

static const char *const sc_keywords[] = {
	/* annotations, which do not validate */
	"$schema", "$id", "$comment", "title", "description", "default",
	"examples",
	/* structure */
	"$defs", "$ref",
	/* validation and applicators implemented below */
	"type", "enum", "const", "properties", "required",
	"additionalProperties", "minProperties", "maxProperties", "items",
	"minItems", "maxItems", "uniqueItems", "pattern", "minLength",
	"maxLength", "minimum", "maximum", "exclusiveMinimum",
	"exclusiveMaximum", "format", "allOf", "anyOf", "oneOf", "not",
};

static const char *const sc_types[] = {
	"null", "boolean", "object", "array", "number", "integer", "string",
};

static int
sc_in(const char *s, const char *const *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(s, v[i]) == 0)
			return 1;
	return 0;
}

#define SC_IN(s, v)	sc_in((s), (v), sizeof(v) / sizeof((v)[0]))

/* JSON Pointer in a fragment: "#/$defs/time". */
static const json_t *
sc_resolve(const json_t *root, const char *ref)
{
	const json_t	*cur = root;
	char		 tok[256];
	const char	*p;
	size_t		 n, i, o;

	if (ref[0] != '#')
		return NULL;
	for (p = ref + 1; *p == '/'; p += n + 1) {
		n = strcspn(p + 1, "/");
		if (n >= sizeof(tok))
			return NULL;
		for (i = 0, o = 0; i < n; i++, o++) {
			tok[o] = p[1 + i];
			if (tok[o] == '~' && i + 1 < n && p[2 + i] == '0')
				i++;
			else if (tok[o] == '~' && i + 1 < n &&
			    p[2 + i] == '1') {
				tok[o] = '/';
				i++;
			}
		}
		tok[o] = '\0';
		if (json_is_object(cur))
			cur = json_object_get(cur, tok);
		else if (json_is_array(cur))
			cur = json_array_get(cur, strtoul(tok, NULL, 10));
		else
			cur = NULL;
		if (cur == NULL)
			return NULL;
	}
	return *p == '\0' ? cur : NULL;
}

static int
sc_schema_error(const char *where, const char *key, const char *msg)
{
	fprintf(stderr, "schemacheck: schema %s: %s: %s\n", where[0] != '\0' ?
	    where : "(root)", key, msg);
	return -1;
}

static int
sc_compile(struct schemacheck *sc, const json_t *pat, const char *where)
{
	struct sc_pattern	*np;
	pcre2_code		*code;
	PCRE2_SIZE		 off;
	int			 err;

	if (!json_is_string(pat))
		return sc_schema_error(where, "pattern", "not a string");
	code = pcre2_compile((PCRE2_SPTR)json_string_value(pat),
	    json_string_length(pat), PCRE2_UTF, &err, &off, NULL);
	if (code == NULL)
		return sc_schema_error(where, "pattern", "does not compile");
	np = realloc(sc->pats, (sc->npats + 1) * sizeof(*np));
	if (np == NULL) {
		pcre2_code_free(code);
		return sc_schema_error(where, "pattern", "out of memory");
	}
	sc->pats = np;
	sc->pats[sc->npats].src = pat;
	sc->pats[sc->npats++].code = code;
	return 0;
}

static int
sc_check_type(const json_t *t, const char *where)
{
	size_t		 i;
	const json_t	*v;

	if (json_is_string(t))
		return SC_IN(json_string_value(t), sc_types) ? 0 :
		    sc_schema_error(where, "type", "unknown type");
	if (!json_is_array(t) || json_array_size(t) == 0)
		return sc_schema_error(where, "type", "not a type or list");
	json_array_foreach(t, i, v)
		if (!json_is_string(v) || !SC_IN(json_string_value(v), sc_types))
			return sc_schema_error(where, "type", "unknown type");
	return 0;
}

/* Descend into the subschemas under key; 1 if key holds none. */
static int
sc_check_sub(struct schemacheck *sc, const char *key, const json_t *v,
    const char *where)
{
	char		 sub[SC_PATH_MAX];
	const char	*k;
	const json_t	*x;
	size_t		 i;

	if (strcmp(key, "properties") == 0 || strcmp(key, "$defs") == 0) {
		if (!json_is_object(v))
			return sc_schema_error(where, key, "not an object");
		json_object_foreach((json_t *)(uintptr_t)v, k, x) {
			snprintf(sub, sizeof(sub), "%s/%s/%s", where, key, k);
			if (sc_check_schema(sc, x, sub) == -1)
				return -1;
		}
		return 0;
	}
	if (strcmp(key, "allOf") == 0 || strcmp(key, "anyOf") == 0 ||
	    strcmp(key, "oneOf") == 0) {
		if (!json_is_array(v) || json_array_size(v) == 0)
			return sc_schema_error(where, key, "not a list");
		json_array_foreach(v, i, x) {
			snprintf(sub, sizeof(sub), "%s/%s/%zu", where, key, i);
			if (sc_check_schema(sc, x, sub) == -1)
				return -1;
		}
		return 0;
	}
	if (strcmp(key, "items") == 0 || strcmp(key, "not") == 0 ||
	    strcmp(key, "additionalProperties") == 0) {
		snprintf(sub, sizeof(sub), "%s/%s", where, key);
		return sc_check_schema(sc, v, sub);
	}
	return 1;
}

/* Check the value of one keyword, and descend into subschemas. */
static int
sc_check_keyword(struct schemacheck *sc, const char *key, const json_t *v,
    const char *where)
{
	const json_t	*x;
	size_t		 i;
	int		 rc;

	if ((rc = sc_check_sub(sc, key, v, where)) != 1)
		return rc;
	if (strcmp(key, "type") == 0)
		return sc_check_type(v, where);
	if (strcmp(key, "pattern") == 0)
		return sc_compile(sc, v, where);
	if (strcmp(key, "$ref") == 0) {
		if (!json_is_string(v) ||
		    sc_resolve(sc->schema, json_string_value(v)) == NULL)
			return sc_schema_error(where, key, "does not resolve");
		return 0;
	}
	if (strcmp(key, "format") == 0)
		return json_is_string(v) &&
		    strcmp(json_string_value(v), "date-time") == 0 ? 0 :
		    sc_schema_error(where, key, "only date-time is supported");
	if (strcmp(key, "required") == 0) {
		if (!json_is_array(v))
			return sc_schema_error(where, key, "not a list");
		json_array_foreach(v, i, x)
			if (!json_is_string(x))
				return sc_schema_error(where, key,
				    "not a list of strings");
		return 0;
	}
	if (strcmp(key, "enum") == 0 && !json_is_array(v))
		return sc_schema_error(where, key, "not a list");
	if (strcmp(key, "uniqueItems") == 0 && !json_is_boolean(v))
		return sc_schema_error(where, key, "not a boolean");
	if ((strncmp(key, "min", 3) == 0 || strncmp(key, "max", 3) == 0 ||
	    strncmp(key, "exclusive", 9) == 0) && !json_is_number(v))
		return sc_schema_error(where, key, "not a number");
	return 0;
}

/* Refuse what this validator would not check; compile the patterns. */
static int
sc_check_schema(struct schemacheck *sc, const json_t *s, const char *where)
{
	const char	*key;
	const json_t	*v;

	if (json_is_boolean(s))
		return 0;
	if (!json_is_object(s))
		return sc_schema_error(where, "", "a schema is an object or "
		    "a boolean");
	json_object_foreach((json_t *)(uintptr_t)s, key, v) {
		if (!SC_IN(key, sc_keywords))
			return sc_schema_error(where, key,
			    "unsupported keyword");
		if (sc_check_keyword(sc, key, v, where) == -1)
			return -1;
	}
	return 0;
}

static void
schemacheck_free(struct schemacheck *sc)
{
	size_t	 i;

	if (sc == NULL)
		return;
	for (i = 0; i < sc->npats; i++)
		pcre2_code_free(sc->pats[i].code);
	free(sc->pats);
	pcre2_match_data_free(sc->md);
	json_decref(sc->schema);
	free(sc);
}

static struct schemacheck *
schemacheck_load(const char *path)
{
	struct schemacheck	*sc;
	json_error_t		 jerr;

	if ((sc = calloc(1, sizeof(*sc))) == NULL)
		return NULL;
	sc->report = stderr;
	sc->file = "-";
	sc->schema = json_load_file(path, JSON_REJECT_DUPLICATES |
	    JSON_DECODE_ANY, &jerr);
	if (sc->schema == NULL) {
		fprintf(stderr, "schemacheck: %s:%d: %s\n", path, jerr.line,
		    jerr.text);
		goto fail;
	}
	if ((sc->md = pcre2_match_data_create(1, NULL)) == NULL)
		goto fail;
	if (sc_check_schema(sc, sc->schema, "") == -1)
		goto fail;
	return sc;
fail:
	schemacheck_free(sc);
	return NULL;
}

/* Equality of JSON values; numbers by value, as the spec says. */
static int
sc_equal(const json_t *a, const json_t *b)
{
	const char	*k;
	const json_t	*v;
	size_t		 i;

	if (json_is_integer(a) && json_is_integer(b))
		return json_integer_value(a) == json_integer_value(b);
	if (json_is_number(a) && json_is_number(b))
		return json_number_value(a) == json_number_value(b);
	if (json_typeof(a) != json_typeof(b))
		return 0;
	if (json_is_array(a)) {
		if (json_array_size(a) != json_array_size(b))
			return 0;
		json_array_foreach(a, i, v)
			if (!sc_equal(v, json_array_get(b, i)))
				return 0;
		return 1;
	}
	if (json_is_object(a)) {
		if (json_object_size(a) != json_object_size(b))
			return 0;
		json_object_foreach((json_t *)(uintptr_t)a, k, v)
			if (json_object_get(b, k) == NULL ||
			    !sc_equal(v, json_object_get(b, k)))
				return 0;
		return 1;
	}
	return json_equal(a, b);
}

static int
sc_is_type(const json_t *v, const char *t)
{
	double	 d;

	if (strcmp(t, "null") == 0)
		return json_is_null(v);
	if (strcmp(t, "boolean") == 0)
		return json_is_boolean(v);
	if (strcmp(t, "object") == 0)
		return json_is_object(v);
	if (strcmp(t, "array") == 0)
		return json_is_array(v);
	if (strcmp(t, "string") == 0)
		return json_is_string(v);
	if (strcmp(t, "number") == 0)
		return json_is_number(v);
	/* integer: any number with a zero fractional part, 1.0 too */
	if (json_is_integer(v))
		return 1;
	if (!json_is_real(v))
		return 0;
	d = json_real_value(v);
	return d == (double)(long long)d;
}

static int
sc_type(struct schemacheck *sc, const json_t *t, const json_t *v,
    const char *path)
{
	const json_t	*x;
	size_t		 i;

	if (json_is_string(t)) {
		if (sc_is_type(v, json_string_value(t)))
			return 0;
		sc_violation(sc, path, "not of type %s", json_string_value(t));
		return 1;
	}
	json_array_foreach(t, i, x)
		if (sc_is_type(v, json_string_value(x)))
			return 0;
	sc_violation(sc, path, "not of any of the types allowed");
	return 1;
}

static size_t
sc_utf8_len(const char *s, size_t n)
{
	size_t	 i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

static int
sc_digits(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
sc_num(const char *s, size_t n)
{
	int	 v = 0;
	size_t	 i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* RFC 3339 date-time: full-date "T" full-time, T and Z in any case. */
static int
sc_date_time(const char *s, size_t len)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31};
	int	 y, mo, d;
	size_t	 i = 19;

	if (len < 20 || !sc_digits(s, 4) || s[4] != '-' ||
	    !sc_digits(s + 5, 2) || s[7] != '-' || !sc_digits(s + 8, 2) ||
	    (s[10] != 'T' && s[10] != 't') || !sc_digits(s + 11, 2) ||
	    s[13] != ':' || !sc_digits(s + 14, 2) || s[16] != ':' ||
	    !sc_digits(s + 17, 2))
		return 0;
	y = sc_num(s, 4);
	mo = sc_num(s + 5, 2);
	d = sc_num(s + 8, 2);
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0))))
		return 0;
	if (sc_num(s + 11, 2) > 23 || sc_num(s + 14, 2) > 59 ||
	    sc_num(s + 17, 2) > 60)
		return 0;
	if (s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == 20)
			return 0;
	}
	if (i + 1 == len && (s[i] == 'Z' || s[i] == 'z'))
		return 1;
	return i + 6 == len && (s[i] == '+' || s[i] == '-') &&
	    sc_digits(s + i + 1, 2) && s[i + 3] == ':' &&
	    sc_digits(s + i + 4, 2) && sc_num(s + i + 1, 2) <= 23 &&
	    sc_num(s + i + 4, 2) <= 59;
}

static int
sc_pattern(struct schemacheck *sc, const json_t *pat, const json_t *v,
    const char *path)
{
	size_t	 i;
	int	 rc;

	for (i = 0; i < sc->npats; i++)
		if (sc->pats[i].src == pat)
			break;
	if (i == sc->npats) {
		sc_violation(sc, path, "pattern not compiled");
		return 1;
	}
	rc = pcre2_match(sc->pats[i].code,
	    (PCRE2_SPTR)json_string_value(v), json_string_length(v), 0, 0,
	    sc->md, NULL);
	if (rc >= 0)
		return 0;
	sc_violation(sc, path, "\"%s\" does not match %s",
	    json_string_value(v), json_string_value(pat));
	return 1;
}

/* The bounds min and max of s on n, a count of what. */
static int
sc_count(struct schemacheck *sc, const json_t *s, const char *path,
    size_t n, const char *min, const char *max, const char *what)
{
	const json_t	*x;
	int		 errs = 0;

	if ((x = json_object_get(s, min)) != NULL &&
	    (double)n < json_number_value(x)) {
		sc_violation(sc, path, "fewer than %g %s",
		    json_number_value(x), what);
		errs++;
	}
	if ((x = json_object_get(s, max)) != NULL &&
	    (double)n > json_number_value(x)) {
		sc_violation(sc, path, "more than %g %s",
		    json_number_value(x), what);
		errs++;
	}
	return errs;
}

static int
sc_string(struct schemacheck *sc, const json_t *s, const json_t *v,
    const char *path)
{
	const json_t	*x;
	int		 errs;

	if (!json_is_string(v))
		return 0;
	errs = sc_count(sc, s, path,
	    sc_utf8_len(json_string_value(v), json_string_length(v)),
	    "minLength", "maxLength", "characters");
	if ((x = json_object_get(s, "pattern")) != NULL)
		errs += sc_pattern(sc, x, v, path);
	if (json_object_get(s, "format") != NULL &&
	    !sc_date_time(json_string_value(v), json_string_length(v))) {
		sc_violation(sc, path, "\"%s\" is not an RFC 3339 date-time",
		    json_string_value(v));
		errs++;
	}
	return errs;
}

static int
sc_number(struct schemacheck *sc, const json_t *s, const json_t *v,
    const char *path)
{
	/* The side of the bound the value must be on, and whether on it. */
	static const struct {
		const char	*key;
		int		 above;
		int		 strict;
		const char	*fails;
	} bounds[] = {
		{ "minimum", 1, 0, "below the minimum" },
		{ "maximum", 0, 0, "above the maximum" },
		{ "exclusiveMinimum", 1, 1, "not above" },
		{ "exclusiveMaximum", 0, 1, "not below" },
	};
	const json_t	*x;
	double		 d, b;
	size_t		 i;
	int		 errs = 0;

	if (!json_is_number(v))
		return 0;
	d = json_number_value(v);
	for (i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++) {
		if ((x = json_object_get(s, bounds[i].key)) == NULL)
			continue;
		b = json_number_value(x);
		if (bounds[i].above ? (d < b || (bounds[i].strict && d == b)) :
		    (d > b || (bounds[i].strict && d == b))) {
			sc_violation(sc, path, "%g is %s %g", d,
			    bounds[i].fails, b);
			errs++;
		}
	}
	return errs;
}

/* Append "/key" (escaped as a JSON Pointer) to path; returns old length. */
static size_t
sc_path_push(char *path, size_t size, const char *key)
{
	size_t	 old = strlen(path), o = old;

	if (o + 1 < size)
		path[o++] = '/';
	for (; *key != '\0' && o + 2 < size; key++) {
		if (*key == '~' || *key == '/') {
			path[o++] = '~';
			path[o++] = *key == '~' ? '0' : '1';
		} else
			path[o++] = *key;
	}
	path[o] = '\0';
	return old;
}

static int
sc_object(struct schemacheck *sc, const json_t *s, const json_t *v,
    char *path, size_t size)
{
	const json_t	*props, *add, *x, *sub;
	const char	*k;
	size_t		 i, old;
	int		 errs = 0;

	if (!json_is_object(v))
		return 0;
	json_array_foreach(json_object_get(s, "required"), i, x)
		if (json_object_get(v, json_string_value(x)) == NULL) {
			sc_violation(sc, path, "required property \"%s\" is "
			    "missing", json_string_value(x));
			errs++;
		}
	errs += sc_count(sc, s, path, json_object_size(v), "minProperties",
	    "maxProperties", "properties");
	props = json_object_get(s, "properties");
	add = json_object_get(s, "additionalProperties");
	json_object_foreach((json_t *)(uintptr_t)v, k, x) {
		if ((sub = json_object_get(props, k)) == NULL)
			sub = add;
		if (sub == NULL)
			continue;
		old = sc_path_push(path, size, k);
		if (json_is_false(sub) && sub == add) {
			sc_violation(sc, path, "property not allowed here");
			errs++;
		} else
			errs += sc_validate(sc, sub, x, path, size);
		path[old] = '\0';
	}
	return errs;
}

static int
sc_array(struct schemacheck *sc, const json_t *s, const json_t *v,
    char *path, size_t size)
{
	const json_t	*x, *items;
	char		 idx[24];
	size_t		 i, j, old, n;
	int		 errs = 0;

	if (!json_is_array(v))
		return 0;
	n = json_array_size(v);
	errs += sc_count(sc, s, path, n, "minItems", "maxItems", "items");
	if (json_is_true(json_object_get(s, "uniqueItems")))
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n; j++)
				if (sc_equal(json_array_get(v, i),
				    json_array_get(v, j))) {
					sc_violation(sc, path, "items %zu and "
					    "%zu are equal", i, j);
					errs++;
				}
	if ((items = json_object_get(s, "items")) == NULL)
		return errs;
	json_array_foreach(v, i, x) {
		snprintf(idx, sizeof(idx), "%zu", i);
		old = sc_path_push(path, size, idx);
		errs += sc_validate(sc, items, x, path, size);
		path[old] = '\0';
	}
	return errs;
}

/* allOf, anyOf, oneOf, not. */
static int
sc_combine(struct schemacheck *sc, const json_t *s, const json_t *v,
    char *path, size_t size)
{
	const json_t	*x;
	size_t		 i, ok;
	int		 errs = 0;

	json_array_foreach(json_object_get(s, "allOf"), i, x)
		errs += sc_validate(sc, x, v, path, size);
	if ((x = json_object_get(s, "anyOf")) != NULL) {
		sc->quiet++;
		for (i = 0, ok = 0; i < json_array_size(x); i++)
			if (sc_validate(sc, json_array_get(x, i), v, path,
			    size) == 0)
				ok++;
		sc->quiet--;
		if (ok == 0) {
			sc_violation(sc, path, "matches none of anyOf");
			errs++;
		}
	}
	if ((x = json_object_get(s, "oneOf")) != NULL) {
		sc->quiet++;
		for (i = 0, ok = 0; i < json_array_size(x); i++)
			if (sc_validate(sc, json_array_get(x, i), v, path,
			    size) == 0)
				ok++;
		sc->quiet--;
		if (ok != 1) {
			sc_violation(sc, path, "matches %zu of oneOf, not "
			    "exactly one", ok);
			errs++;
		}
	}
	if ((x = json_object_get(s, "not")) != NULL) {
		sc->quiet++;
		ok = sc_validate(sc, x, v, path, size) == 0;
		sc->quiet--;
		if (ok) {
			sc_violation(sc, path, "matches the schema under not");
			errs++;
		}
	}
	return errs;
}

static int
sc_enum(struct schemacheck *sc, const json_t *s, const json_t *v,
    const char *path)
{
	const json_t	*x, *e;
	size_t		 i;
	int		 errs = 0;

	if ((x = json_object_get(s, "const")) != NULL && !sc_equal(x, v)) {
		sc_violation(sc, path, "not the constant value");
		errs++;
	}
	if ((x = json_object_get(s, "enum")) != NULL) {
		json_array_foreach(x, i, e)
			if (sc_equal(e, v))
				return errs;
		if (json_is_string(v))
			sc_violation(sc, path, "\"%s\" is not one of the "
			    "allowed values", json_string_value(v));
		else
			sc_violation(sc, path, "not one of the allowed values");
		errs++;
	}
	return errs;
}

/* Number of violations of schema s by value v at path. */
static int
sc_validate(struct schemacheck *sc, const json_t *s, const json_t *v,
    char *path, size_t size)
{
	const json_t	*x;
	int		 errs = 0;

	if (json_is_true(s))
		return 0;
	if (json_is_false(s)) {
		sc_violation(sc, path, "no value is allowed here");
		return 1;
	}
	if ((x = json_object_get(s, "$ref")) != NULL)
		errs += sc_validate(sc, sc_resolve(sc->schema,
		    json_string_value(x)), v, path, size);
	if ((x = json_object_get(s, "type")) != NULL &&
	    sc_type(sc, x, v, path) != 0)
		return errs + 1;
	errs += sc_enum(sc, s, v, path);
	errs += sc_string(sc, s, v, path);
	errs += sc_number(sc, s, v, path);
	errs += sc_object(sc, s, v, path, size);
	errs += sc_array(sc, s, v, path, size);
	errs += sc_combine(sc, s, v, path, size);
	return errs;
}

/*
 * Validate one record; violations go to sc->report as file:line: path:
 * message.  Returns the number of violations.
 */
static int
schemacheck_validate(struct schemacheck *sc, const json_t *v,
    const char *file, size_t line)
{
	char	 path[SC_PATH_MAX] = "";

	sc->file = file;
	sc->line = line;
	return sc_validate(sc, sc->schema, v, path, sizeof(path));
}

#ifndef SCHEMACHECK_NO_MAIN

struct sc_count {
	unsigned long	 records;
	unsigned long	 invalid;
};

static int
sc_blank(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
		    s[i] != '\n')
			return 0;
	return 1;
}

static int
sc_file(struct schemacheck *sc, const char *name, struct sc_count *c)
{
	FILE		*fp;
	char		*line = NULL;
	size_t		 cap = 0, lineno = 0;
	ssize_t		 n;
	json_t		*v;
	json_error_t	 jerr;
	int		 rc = 0;

	if (strcmp(name, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(name, "r")) == NULL) {
		fprintf(stderr, "schemacheck: %s: %s\n", name, strerror(errno));
		return -1;
	}
	while ((n = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (sc_blank(line, (size_t)n))
			continue;
		c->records++;
		v = json_loadb(line, (size_t)n, JSON_DECODE_ANY |
		    JSON_REJECT_DUPLICATES, &jerr);
		if (v == NULL) {
			fprintf(stderr, "%s:%zu: (root): not JSON: %s\n",
			    name, lineno, jerr.text);
			c->invalid++;
			continue;
		}
		if (schemacheck_validate(sc, v, name, lineno) > 0)
			c->invalid++;
		json_decref(v);
	}
	if (ferror(fp)) {
		fprintf(stderr, "schemacheck: %s: %s\n", name, strerror(errno));
		rc = -1;
	}
	free(line);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct schemacheck	*sc;
	struct sc_count		 c = { 0, 0 };
	int			 i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: schemacheck schema.json [file ...]\n");
		return 2;
	}
	if ((sc = schemacheck_load(argv[1])) == NULL)
		return 2;
	if (argc == 2)
		rc = sc_file(sc, "-", &c);
	for (i = 2; i < argc && rc == 0; i++)
		rc = sc_file(sc, argv[i], &c);
	schemacheck_free(sc);
	fprintf(stderr, "%lu records, %lu invalid\n", c.records, c.invalid);
	if (rc == -1)
		return 2;
	return c.records > 0 && c.invalid == 0 ? 0 : 1;
}

#endif /* SCHEMACHECK_NO_MAIN */
