/* fixture_v1.h - what tests/fixtures/journal-v1.db holds (schema 1), for check_format.c and
 * tests/fixtures/make_fixture.c. Never change these: the file was written from them. */
#ifndef REFLECT_FIXTURE_V1_H
#define REFLECT_FIXTURE_V1_H

#define FIXTURE_PASS "fixture passphrase v1"

static const char *const fixture_entries[] = {
	"{\"written_at\":\"2026-11-20T16:05:00Z\",\"visit_date\":\"2026-11-20\",\"family\":\"F-12\","
	"\"visit_type\":\"home visit\",\"life_stage\":\"perinatal\","
	"\"pause\":{\"text\":\"I arrived tired and a little afraid.\",\"body\":\"tight shoulders\",\"activation\":6},"
	"\"notice\":{\"text\":\"La mamá sonrió when the baby turned to her.\",\"between\":\"a long shared gaze\","
	"\"stirred\":\"my own mother's voice\",\"emotions\":[\"fear\",\"tenderness\"]},"
	"\"curious\":{\"text\":\"How does this fit with last week?\",\"parent\":\"Is she sleeping?\","
	"\"infant\":\"What was the baby telling us?\",\"questions\":[\"What was the baby telling us?\",\"Who holds the parent?\"]},"
	"\"themes\":[\"ghosts in the nursery\",\"repair\"],\"competencies\":[\"Reflection\"],"
	"\"for_supervision\":true,\"portfolio\":false,"
	"\"responses\":[{\"from\":\"Supervisor\",\"at\":\"2026-11-21T10:00:00Z\",\"text\":\"What did your body notice?\"}]}",
	"{\"written_at\":\"2026-11-21T09:30:00Z\",\"family\":\"F-7\",\"pause\":{\"text\":\"宝宝 slept in her arms\"},"
	"\"notice\":{\"text\":\"Aabbe wuu dhoolla caddeeyay\\nand then \\\"quiet\\\" \\t tabs\",\"emotions\":[\"calm\"]},"
	"\"portfolio\":true}",
	"{\"written_at\":\"2026-11-22T18:45:10Z\",\"curious\":{\"text\":\"only a wondering, nothing else\"}}",
};

#define FIXTURE_ITEM "{\"name\":\"Supervisor\",\"note\":\"pinned in the fixture\"}"
#define FIXTURE_DRAFT "{\"pause\":{\"text\":\"a draft left open\",\"activation\":3}}"

#endif
