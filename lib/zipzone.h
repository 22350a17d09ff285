/*
 * zipzone: a user's local time zone from a United States ZIP code, by a
 * table of three-digit prefixes (scripts/zip3-zones.tsv states its source and
 * its approximations; docs/FORMATS.md has the format).
 *
 * The table maps each prefix 000..999 to an IANA zone name or to none.  A
 * ZIP is usable when it is five digits, optionally followed by "-" and four
 * more (ZIP+4), and its prefix has a zone; anything else (a Canadian postal
 * code, an empty field, a military prefix) has none, and the caller falls
 * back to a default zone.  Every zone named in the table is checked against
 * the system's database when the table is read (tz_set), so a typo in the
 * table is an error, not a silent UTC.  The struct owns its strings.
 */
#ifndef REEL_ZIPZONE_H
#define REEL_ZIPZONE_H

struct zipzone {
	char *name;         /* the file, for messages */
	int nzones;         /* distinct zones, in order of first appearance */
	char **zones;       /* nzones names */
	short prefix[1000]; /* prefix -> index into zones, or -1 */
};

/* Read PATH: lines starting with '#' are comments; then the header
 * "first<TAB>last<TAB>state<TAB>zone" and rows of two three-digit prefixes
 * (first <= last), a state code and a zone.  NULL after a located message
 * on a malformed line, overlapping ranges or an unknown zone.  Leaves the
 * process's zone (tz_set) at UTC. */
struct zipzone *zipzone_read(const char *path);
void zipzone_free(struct zipzone *z);
/* The zone index of ZIP, or -1 when it has none. */
int zipzone_of(const struct zipzone *z, const char *zip);

struct users;
struct ratings;
/* The zone index of every user of r (by r's dense user index; -1: no
 * usable ZIP), looked up in the users table us; NULL after
 * "RATINGS:LINE: user N is not in USERS" for the first rating, in input
 * order, whose user us lacks.  The caller frees the array. */
int *zipzone_of_users(const struct zipzone *z, const struct users *us, const struct ratings *r);

#endif
