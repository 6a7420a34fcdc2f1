/*
 * The hand-over half of check_kafka_replay.c: partitions moving in the
 * middle of a stream, with their state given and taken through a
 * directory or the state topic, or without it.
 */
#define KAFKA_HANDOVER	1
#include "check_kafka_replay.c"
