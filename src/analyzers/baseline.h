/*
 * Per-key baselines of one number per tumbling window (events, bytes,
 * distinct destinations), for "deviation from normal".  A baseline keeps
 * the last cap window values (8 bytes each: window number and value) and
 * caches the median and MAD of the ones that count for the window being
 * filled: all of them (rolling), or those at the same hour of the day
 * (hour-of-day).  Windows without events count as zero.
 */
#ifndef DETECTD_BASELINE_H
#define DETECTD_BASELINE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct bsample {
	uint32_t	 idx;		/* window number: time / window */
	float		 v;
};

struct baseline {
	struct bsample	*s;		/* cap samples, allocated when needed */
	double		 cur;		/* value of window cur_idx so far */
	uint32_t	 cur_idx;	/* 0: nothing counted yet */
	uint32_t	 alerted_idx;	/* window already reported */
	float		 med;		/* of the samples that count for cur_idx */
	float		 mad;
	uint16_t	 nsel;		/* how many samples that is */
	uint16_t	 nact;		/* of them, windows with events */
	uint16_t	 n;
	uint16_t	 pos;		/* next slot of the ring */
};

struct baseline_conf {
	uint32_t	 cap;		/* samples kept, at most 65535 */
	uint32_t	 per_day;	/* windows a day for hour-of-day, or 0 */
};

/*
 * Move to window idx: the window being filled becomes a sample, and so
 * does each window skipped (as zero, up to cap of them).  -1 on ENOMEM.
 */
int		 baseline_roll(struct baseline *, const struct baseline_conf *,
		    uint32_t idx);
/* The bound above which a value deviates: median + k * scale. */
double		 baseline_bound(const struct baseline *, double k);
/* The scale: 1.4826 MAD, at least a tenth of the median, at least 1. */
double		 baseline_scale(const struct baseline *);
void		 baseline_clear(struct baseline *);
/* One line of text, without newline: "cur_idx cur n idx:v ...". */
int		 baseline_write(FILE *, const struct baseline *);
/* Parse what baseline_write wrote; -1 if malformed. */
int		 baseline_read(struct baseline *, const struct baseline_conf *,
		    const char *);
size_t		 baseline_memory(const struct baseline *,
		    const struct baseline_conf *);

#endif
