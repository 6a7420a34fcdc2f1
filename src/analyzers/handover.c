/*
 * The hand-over text of a shard (handover.h): written by the analyzers
 * that keep per-endpoint state, read back by those of the new owner.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/analyzer.h"
#include "analyzers/handover.h"
#include "analyzers/identity.h"
#include "util/log.h"

#define HANDOVER_MAGIC	"detectd-handover 1"

int
handover_write(FILE *fp, const struct handover *h)
{
	size_t	 i;

	fprintf(fp, "%s\n", HANDOVER_MAGIC);
	for (i = 0; i < h->nan; i++) {
		if (h->an[i].ops->hand_save == NULL)
			continue;
		fprintf(fp, "analyzer %s\n", h->an[i].ops->name);
		if (h->an[i].ops->hand_save(h->an[i].ctx, fp, h->shard) == -1)
			return -1;
	}
	/* Last: identity_read takes the rest. */
	if (h->id != NULL && (fprintf(fp, "identity\n") < 0 ||
	    identity_write(h->id, fp) == -1))
		return -1;
	return ferror(fp) ? -1 : 0;
}

/* The analyzer an "analyzer NAME" line names, or NULL. */
static const struct analyzer_inst *
handover_analyzer(const struct handover *h, const char *name)
{
	size_t	 i;

	for (i = 0; i < h->nan; i++)
		if (strcmp(h->an[i].ops->name, name) == 0 &&
		    h->an[i].ops->hand_line != NULL)
			return &h->an[i];
	return NULL;
}

int
handover_read(FILE *fp, const struct handover *h, const char *name)
{
	const struct analyzer_inst	*cur = NULL;
	char				*line = NULL;
	size_t				 cap = 0, n = 0, bad = 0, ibad = 0;
	ssize_t				 len;
	int				 rc = 1;

	while ((len = getline(&line, &cap, fp)) != -1) {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (n++ == 0) {
			if (strcmp(line, HANDOVER_MAGIC) == 0)
				continue;
			log_warnx("%s: not a hand-over, ignored", name);
			rc = -1;
			break;
		}
		if (strcmp(line, "identity") == 0) {
			if (h->id != NULL && identity_read(h->id, fp, &ibad) == -1)
				bad++;
			bad += ibad;
			break;
		}
		if (strncmp(line, "analyzer ", 9) == 0)
			cur = handover_analyzer(h, line + 9);
		else if (cur != NULL &&
		    cur->ops->hand_line(cur->ctx, h->shard, line) == -1)
			bad++;
	}
	free(line);
	if (rc == 1 && n == 0) {
		log_warnx("%s: empty, not a hand-over", name);
		rc = -1;
	}
	if (bad > 0)
		log_warnx("%s: %zu malformed lines ignored", name, bad);
	return rc;
}

int
handover_save(const struct handover *h, char **buf, size_t *len)
{
	FILE	*fp;
	int	 rc;

	*buf = NULL;
	*len = 0;
	if ((fp = open_memstream(buf, len)) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	rc = handover_write(fp, h);
	if (fclose(fp) == EOF)
		rc = -1;
	if (rc == -1) {
		free(*buf);
		*buf = NULL;
		*len = 0;
	}
	return rc;
}

int
handover_load(const struct handover *h, const char *buf, size_t len,
    const char *name)
{
	FILE	*fp;
	int	 rc;

	if (len == 0) {
		log_warnx("%s: empty, not a hand-over", name);
		return -1;
	}
	if ((fp = fmemopen((void *)(uintptr_t)buf, len, "r")) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	rc = handover_read(fp, h, name);
	fclose(fp);
	return rc;
}
