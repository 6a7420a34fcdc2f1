#!/usr/bin/perl
# Writes test-country.mmdb, the MaxMind DB fixture of tests/check_geo.c,
# with documentation and private ranges only.  Needs Debian's
# libmaxmind-db-writer-perl; run again only to change the fixture.
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my %types = (country => 'map', registered_country => 'map',
    iso_code => 'utf8_string');
my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version => 6,
    record_size => 24,
    database_type => 'detectd-test-Country',
    languages => ['en'],
    description => { en => 'detectd test country database' },
    alias_ipv6_to_ipv4 => 1,
    # The fixture is all documentation ranges, which the writer drops
    # by default.
    remove_reserved_networks => 0,
    map_key_type_callback => sub { $types{ $_[0] } },
);
$tree->insert_network('192.0.2.0/24', { country => { iso_code => 'JP' } });
$tree->insert_network('198.51.100.0/24', { country => { iso_code => 'US' } });
$tree->insert_network('203.0.113.0/24', { country => { iso_code => 'CN' } });
$tree->insert_network('2001:db8:66::/48', { country => { iso_code => 'RU' } });
# Only a registered country: used when the data has no country.
$tree->insert_network('198.18.0.0/15',
    { registered_country => { iso_code => 'DE' } });
open(my $fh, '>:raw', 'test-country.mmdb') or die "test-country.mmdb: $!";
$tree->write_tree($fh);
close($fh);
