/*
 * The daemon's inputs: the configured log files (globs), followed from
 * the libevent loop, and the syslog listeners, fed line by line to the
 * pipeline.  Offsets are committed only after the outputs have written
 * every alert of the lines before them, and saved in the state file.
 */
#ifndef DETECTD_INPUTS_H
#define DETECTD_INPUTS_H

#include <stdint.h>

struct detectd;
struct source;
struct source_stats;

int	inputs_open(struct detectd *);
void	inputs_close(struct detectd *);
/*
 * Flush the outputs.  When they wrote everything, commit the offsets
 * and resume reading if it was paused (0); otherwise pause every input
 * (-1).  Called after each chunk read and from the flush timer.
 */
int	inputs_flush(struct detectd *);
struct config;
/*
 * A reload keeps the inputs as they were opened: log each input c adds,
 * removes or changes against the settings they were opened with (a
 * restart applies it), and nothing when they are the same.  How many
 * differ.
 */
size_t	inputs_reload_diff(struct detectd *, const struct config *c);
/* Write the state file now (at exit). */
int	inputs_save(struct detectd *);
/* Log per-input and per-file statistics. */
void	inputs_report(struct detectd *);
/* The state file's writes. */
struct inputs_state_stats {
	uint64_t	 saves;
	uint64_t	 errors;
	/* The longest moved offsets waited to be saved (state-interval). */
	int64_t		 unsaved_max_ms;
};
/* NULL before the inputs are open. */
const struct inputs_state_stats *inputs_state_stats(struct detectd *);
struct listen_stats;
/* The listener's counts when input i is a syslog listener, else NULL. */
const struct listen_stats *inputs_listen_stats(struct detectd *, size_t i);
struct kafka_stats;
/* The consumer's counts when input i is a Kafka input, else NULL. */
const struct kafka_stats *inputs_kafka_stats(struct detectd *, size_t i);
struct kstate_stats;
/* Its state topic's counts (kafka-state topic), else NULL. */
const struct kstate_stats *inputs_kstate_stats(struct detectd *, size_t i);
/* Parse counts of input i: the files closed so far and those open. */
void	inputs_source_stats(struct detectd *, size_t i,
	    struct source_stats *);

#endif
