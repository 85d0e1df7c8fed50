/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.discovery;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What DNS said for one name and type: the records' data in zone-file syntax (a TXT record's
 * character-strings joined), no records (NXDOMAIN or NODATA), or a failure (time-out,
 * SERVFAIL, a bogus signature); with its DNSSEC status and how long it may be cached.
 */
public final class DnsAnswer {
    public enum Kind { RECORDS, NONE, FAILED }

    private final String name;
    private final Kind kind;
    private final List<String> records;
    private final DnssecStatus status;
    private final Duration ttl;
    private final Optional<String> failure;

    private DnsAnswer(String name, Kind kind, List<String> records, DnssecStatus status, Duration ttl,
                      Optional<String> failure) {
        this.name = requireNonNull(name, "name");
        this.kind = kind;
        this.records = List.copyOf(records);
        this.status = requireNonNull(status, "status");
        this.ttl = requireNonNull(ttl, "ttl");
        this.failure = failure;
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("a TTL is not negative: " + ttl);
        }
    }

    public static DnsAnswer records(String name, List<String> records, DnssecStatus status, Duration ttl) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("an answer with records has at least one");
        }
        return new DnsAnswer(name, Kind.RECORDS, records, status, ttl, Optional.empty());
    }

    public static DnsAnswer none(String name, DnssecStatus status, Duration ttl) {
        return new DnsAnswer(name, Kind.NONE, List.of(), status, ttl, Optional.empty());
    }

    /** @param failure what went wrong, e.g. {@code SERVFAIL} or the validator's reason for a bogus answer */
    public static DnsAnswer failed(String name, String failure, DnssecStatus status, Duration ttl) {
        return new DnsAnswer(name, Kind.FAILED, List.of(), status, ttl, Optional.of(requireNonNull(failure)));
    }

    /** The name asked, absolute (ending with a dot). */
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public List<String> records() {
        return records;
    }

    public DnssecStatus status() {
        return status;
    }

    public Duration ttl() {
        return ttl;
    }

    public Optional<String> failure() {
        return failure;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof DnsAnswer)) {
            return false;
        }
        DnsAnswer other = (DnsAnswer) o;
        return name.equals(other.name) && kind == other.kind && records.equals(other.records)
            && status == other.status && ttl.equals(other.ttl) && failure.equals(other.failure);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(name, kind, records, status, ttl, failure);
    }

    @Override
    public String toString() {
        switch (kind) {
            case RECORDS:
                return name + " " + records + " (" + status.description() + ", TTL " + ttl.getSeconds() + " s)";
            case NONE:
                return name + " has no records (" + status.description() + ")";
            default:
                return name + " failed: " + failure.orElse("") + " (" + status.description() + ")";
        }
    }
}
