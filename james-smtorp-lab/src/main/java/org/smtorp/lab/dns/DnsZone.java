/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.dns;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A zone a {@link KnotServer} serves: its name, whether knot signs it (DNSSEC, keys made on
 * the spot), and its records as zone-file lines relative to the zone, e.g.
 * {@code _smtorp TXT "v=smtorp1; ..."}. The SOA and NS records are added.
 */
public final class DnsZone {
    static final int TTL = 300;
    // The SOA minimum: how long resolvers keep a negative answer.
    static final int NEGATIVE_TTL = 60;

    private final String name;
    private final boolean signed;
    private final List<String> records;

    private DnsZone(String name, boolean signed, List<String> records) {
        this.name = name;
        this.signed = signed;
        this.records = List.copyOf(records);
    }

    public static DnsZone unsigned(String name) {
        return new DnsZone(absolute(name), false, List.of());
    }

    public static DnsZone signed(String name) {
        return new DnsZone(absolute(name), true, List.of());
    }

    private static String absolute(String name) {
        requireNonNull(name, "name");
        return name.endsWith(".") ? name : name + ".";
    }

    /** Another record: a zone-file line relative to the zone ({@code @} for its apex). */
    public DnsZone with(String record) {
        List<String> more = new ArrayList<>(records);
        more.add(requireNonNull(record, "record"));
        return new DnsZone(name, signed, more);
    }

    /** A TXT record whose text is given as it is; quotes and backslashes are escaped, long text split. */
    public DnsZone withTxt(String label, String text) {
        StringBuilder strings = new StringBuilder();
        String escaped = text.replace("\\", "\\\\").replace("\"", "\\\"");
        for (int i = 0; i < escaped.length(); i += 200) {
            strings.append(" \"").append(escaped, i, Math.min(escaped.length(), i + 200)).append('"');
        }
        return with(label + " TXT" + strings);
    }

    /** The zone's name, absolute. */
    public String name() {
        return name;
    }

    public boolean isSigned() {
        return signed;
    }

    String zoneFile() {
        StringBuilder zone = new StringBuilder();
        zone.append("$ORIGIN ").append(name).append('\n');
        zone.append("$TTL ").append(TTL).append('\n');
        zone.append("@ SOA ns.").append(name).append(" hostmaster.").append(name).append(" 1 3600 600 86400 ")
            .append(NEGATIVE_TTL).append('\n');
        zone.append("@ NS ns.").append(name).append('\n');
        zone.append("ns A 127.0.0.1\n");
        records.forEach(record -> zone.append(record).append('\n'));
        return zone.toString();
    }

    @Override
    public String toString() {
        return name + (signed ? " (signed)" : "");
    }
}
