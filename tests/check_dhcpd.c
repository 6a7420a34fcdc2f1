#include "fwtest.h"

static const struct fw_case ok_cases[] = {
	{ "Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPACK on 10.20.1.15 to "
	    "00:16:3e:aa:bb:cc (WS-ALICE) via eth1", FW_HDR_MS,
	    "host.name=dhcp1|source.ip=10.20.1.15|"
	    "source.mac=00:16:3e:aa:bb:cc|source.address=WS-ALICE|"
	    "event.action=ack" },
	/* the message alone: the file's mtime */
	{ "DHCPACK on 10.20.1.15 to 00:16:3e:aa:bb:cc (WS-ALICE) via eth1",
	    FW_REF_MS, "source.ip=10.20.1.15|source.mac=00:16:3e:aa:bb:cc|"
	    "source.address=WS-ALICE|event.action=ack" },
	/* no host name; through a relay */
	{ "<30>Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPACK on 10.20.2.7 to "
	    "00:16:3E:AA:BB:CD via 10.20.2.1", FW_HDR_MS,
	    "host.name=dhcp1|source.ip=10.20.2.7|"
	    "source.mac=00:16:3E:AA:BB:CD|event.action=ack" },
	/* INFORM: "to IP (MAC)" */
	{ "Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPACK to 10.20.1.20 "
	    "(00:16:3e:aa:bb:ce) via eth1", FW_HDR_MS,
	    "host.name=dhcp1|source.ip=10.20.1.20|"
	    "source.mac=00:16:3e:aa:bb:ce|event.action=ack" },
	/* a host name with spaces and parentheses; uid; trailing text */
	{ "Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPACK on 10.20.1.16 to "
	    "00:16:3e:aa:bb:cf (Bob's (old) PC) via eth1 uid "
	    "01:00:16:3e:aa:bb:cf", FW_HDR_MS, "host.name=dhcp1|"
	    "source.ip=10.20.1.16|source.mac=00:16:3e:aa:bb:cf|"
	    "source.address=Bob's (old) PC|event.action=ack" },
	{ "Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPACK on 10.20.1.16 to "
	    "00:16:3e:aa:bb:cf (WS-BOB)", FW_HDR_MS, "host.name=dhcp1|"
	    "source.ip=10.20.1.16|source.mac=00:16:3e:aa:bb:cf|"
	    "source.address=WS-BOB|event.action=ack" },
	{ "Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPACK on 10.20.1.16 to "
	    "00:16:3e:aa:bb:cf\r", FW_HDR_MS, "host.name=dhcp1|"
	    "source.ip=10.20.1.16|source.mac=00:16:3e:aa:bb:cf|"
	    "event.action=ack" },
	/* release, found or not */
	{ "Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPRELEASE of 10.20.1.15 from "
	    "00:16:3e:aa:bb:cc (WS-ALICE) via eth1 (found)", FW_HDR_MS,
	    "host.name=dhcp1|source.ip=10.20.1.15|"
	    "source.mac=00:16:3e:aa:bb:cc|source.address=WS-ALICE|"
	    "event.action=release" },
	{ "Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPRELEASE of 10.20.1.15 from "
	    "00:16:3e:aa:bb:cc via eth1 (not found)", FW_HDR_MS,
	    "host.name=dhcp1|source.ip=10.20.1.15|"
	    "source.mac=00:16:3e:aa:bb:cc|event.action=release" },
	/* rsyslog high-precision date */
	{ "2026-03-10T14:02:11.5Z dhcp1 dhcpd[1234]: DHCPACK on 10.20.1.15 to "
	    "00:16:3e:aa:bb:cc (WS-ALICE) via eth1", FW_HDR_MS + 500,
	    "host.name=dhcp1|source.ip=10.20.1.15|"
	    "source.mac=00:16:3e:aa:bb:cc|source.address=WS-ALICE|"
	    "event.action=ack" },
};

static const struct fw_err err_cases[] = {
	{ "", PARSE_SKIP, NULL },
	{ "Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPDISCOVER from "
	    "00:16:3e:aa:bb:cc via eth1", PARSE_SKIP, NULL },
	{ "Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPOFFER on 10.20.1.15 to "
	    "00:16:3e:aa:bb:cc (WS-ALICE) via eth1", PARSE_SKIP, NULL },
	{ "Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPREQUEST for 10.20.1.15 "
	    "(10.20.1.1) from 00:16:3e:aa:bb:cc (WS-ALICE) via eth1",
	    PARSE_SKIP, NULL },
	{ "Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPINFORM from 10.20.1.20 via "
	    "eth1", PARSE_SKIP, NULL },
	{ "Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPNAK on 10.20.1.99 to "
	    "00:16:3e:aa:bb:cc via eth1", PARSE_SKIP, NULL },
	{ "Mar 10 14:02:11 dhcp1 dhcpd[1234]: Wrote 42 leases to leases "
	    "file.", PARSE_SKIP, NULL },
	{ "Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPACK", PARSE_ERROR,
	    "bad DHCPACK" },
	{ "DHCPACK on 10.20.1.15", PARSE_ERROR, "bad DHCPACK" },
	{ "DHCPACK on 10.20.1.15 to", PARSE_ERROR, "bad DHCPACK" },
	{ "DHCPACK on 10.20.1.15 from 00:16:3e:aa:bb:cc", PARSE_ERROR,
	    "bad DHCPACK" },
	{ "DHCPACK on 10.20.1.300 to 00:16:3e:aa:bb:cc", PARSE_ERROR,
	    "bad DHCPACK" },
	{ "DHCPACK on 10.20.1.3 to 00:16:3e:aa:bb:zz", PARSE_ERROR,
	    "bad DHCPACK" },
	{ "DHCPACK to 10.20.1.3 via eth1", PARSE_ERROR, "bad DHCPACK" },
	{ "DHCPRELEASE of 10.20.1.15", PARSE_ERROR, "bad DHCPRELEASE" },
	{ "DHCPRELEASE 10.20.1.15 from 00:16:3e:aa:bb:cc", PARSE_ERROR,
	    "bad DHCPRELEASE" },
};

#define NOK	(sizeof(ok_cases) / sizeof(ok_cases[0]))
#define NERR	(sizeof(err_cases) / sizeof(err_cases[0]))

START_TEST(test_ok)
{
	fw_run_ok("dhcpd", SRC_DHCP, &ok_cases[_i], _i);
}
END_TEST

START_TEST(test_errors)
{
	fw_run_err("dhcpd", &err_cases[_i], _i);
}
END_TEST

START_TEST(test_truncated)
{
	fw_run_truncated("dhcpd", ok_cases[_i].line);
}
END_TEST

START_TEST(test_garbage)
{
	fw_run_garbage("dhcpd", ok_cases, NOK,
	    " ():.0123456789abcdefDHCPACKRELEASEontoofviafrom");
}
END_TEST

static Suite *
dhcpd_suite(void)
{
	Suite	*s = suite_create("dhcpd");
	TCase	*tc = tcase_create("parse");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_ok, 0, NOK);
	tcase_add_loop_test(tc, test_errors, 0, NERR);
	tcase_add_loop_test(tc, test_truncated, 0, NOK);
	tcase_add_test(tc, test_garbage);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(dhcpd_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
