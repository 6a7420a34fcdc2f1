/*
 * The daemon's inputs: the configured log files, followed from the
 * libevent loop and fed line by line to the pipeline.
 */
#ifndef DETECTD_INPUTS_H
#define DETECTD_INPUTS_H

struct detectd;
struct source;

int	inputs_open(struct detectd *);
void	inputs_close(struct detectd *);

/* In detectd.c: log a source's counts, and warn on a likely wrong format. */
void	source_report(const struct source *, const char *label);

#endif
