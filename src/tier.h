/*
 * The two tiers of detectd behind Kafka (detectd.conf(5), "tier"): a
 * first tier reads logs and writes every finding its analyzers make as
 * a finding record (analyzers/findrec.h) to the outputs that take
 * "records findings"; the findings tier reads those records and hands
 * them to the analyzers that take other instances' findings (the
 * composite rules that join endpoints).  docs/scale.md has the model.
 *
 * Within a tier, the members of a Kafka group hand the per-endpoint
 * state of a partition over when it moves (kafka-state dir): the one
 * that gives it up writes a file per topic-partition, atomically, and
 * the one that takes it reads the file before the partition's records;
 * or (kafka-state topic) the same text as a record of a compacted topic.
 */
#ifndef DETECTD_TIER_H
#define DETECTD_TIER_H

#include <stddef.h>
#include <stdint.h>

struct analyzer_inst;
struct config;
struct contrib;
struct finding;
struct findrec;
struct identity;
struct kstate;
struct output;

struct tier_out {
	struct identity	*id;		/* resolves each finding's endpoint */
	struct output	**out;
	size_t		 nout;
	char		*buf;		/* a record's line */
	size_t		 cap;
	/* Records handed to the outputs [0], and lost [1]: not built, or an output lost them. */
	uint64_t	 findings[2];
	uint64_t	 contribs[2];
};

/* Whether any output takes finding records. */
int		 tier_writes_findings(struct output **, size_t nout);
/* The ANALYZER_TIER_* the configuration and outputs make. */
int		 tier_analyzers(const struct config *, struct output **,
		    size_t nout);
/* An alerter_sink: the finding as a record to those outputs. */
void		 tier_finding_out(void *tier_out, const struct finding *,
		    const char *alert_id, int alerted);
/*
 * A contribution_sink (analyzers/analyzer.h): the contribution of a rule
 * the tier serves, as a record to those outputs (analyzers/contrib.h).
 */
void		 tier_contrib_out(void *tier_out, const struct contrib *);
/* A decoded contribution record to the analyzers that take them. */
void		 tier_contrib_in(const struct contrib *,
		    const struct analyzer_inst *, size_t nan);
/* A decoded finding record to every analyzer that takes remote ones. */
void		 tier_finding_in(const struct findrec *,
		    const struct analyzer_inst *, size_t nan);

/*
 * Give (save) or take (load) the files of a topic's partitions in dir,
 * DIR/TOPIC-PARTITION, the shard of each its number plus one (as a
 * Kafka input sets logevent.shard): what the analyzers keep of the
 * shard, and the identity table id (may be NULL) whole, since who is
 * where is learned from any partition's lines.  Giving writes each file whole or
 * not at all; taking reads a file, if there is one, and removes it, so
 * that no later owner takes it again.  -1 when one could not be written
 * or read, said in the log; malformed lines are counted and skipped.
 */
int		 tier_hand_parts(const struct analyzer_inst *, size_t nan,
		    struct identity *id, const char *dir, const char *topic, const int32_t *parts,
		    size_t n, int give);
/*
 * The same to or from a compacted state topic (collector/kstate.h):
 * give writes each partition's state under "TOPIC-PARTITION" and waits
 * for its delivery; take reads the latest state of each (tombstoned
 * then).  -1 when one could not be written or the topic read, said in
 * the log and counted; the partitions concerned start afresh.
 */
int		 tier_hand_topic(const struct analyzer_inst *, size_t nan,
		    struct identity *id, struct kstate *ks, const char *topic,
		    const int32_t *parts, size_t n, int give);

#endif
