/*
 * Alert outputs.  Each kind is a row in the table in output.c.  Records
 * are whole lines; an output buffers them and writes on flush, which the
 * pipeline calls after each batch of input.
 */
#ifndef DETECTD_OUTPUT_H
#define DETECTD_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

struct output;

struct output	*output_open(const char *name, const char *type,
		    const char *path);
void		 output_free(struct output *);	/* flushes first */
int		 output_write(struct output *, const char *, size_t);
int		 output_flush(struct output *);
/* After logrotate moved the file away: open the path anew. */
int		 output_reopen(struct output *);
const char	*output_name(const struct output *);
uint64_t	 output_records(const struct output *);
uint64_t	 output_errors(const struct output *);
/* Whether a type name is known. */
int		 output_type_valid(const char *);

#endif
