/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.discovery;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Collectors;

import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.discovery.InvalidRecordException.Reason;

/**
 * An onionmx SRV record, {@code _onion-mx._tcp.<domain>. SRV <priority> <weight> <port>
 * <onion>.onion.}, as providers that accept mail on an onion publish it today. The target
 * must be exactly a v3 onion: tor would ignore a sub-domain, and anything else is not ours
 * to connect to.
 */
public final class OnionMxRecord {
    /** The DNS name the records stand under: {@code _onion-mx._tcp.<domain>}. */
    public static final String LABEL = "_onion-mx._tcp";

    private final int priority;
    private final int weight;
    private final int port;
    private final OnionAddress target;

    private OnionMxRecord(int priority, int weight, int port, OnionAddress target) {
        this.priority = priority;
        this.weight = weight;
        this.port = port;
        this.target = target;
    }

    /** @throws IllegalArgumentException if a number is out of its SRV range */
    public static OnionMxRecord of(int priority, int weight, int port, OnionAddress target) {
        requireNonNull(target, "target");
        if (priority < 0 || priority > 65535 || weight < 0 || weight > 65535) {
            throw new IllegalArgumentException("priority and weight are 0 to 65535: " + priority + ", " + weight);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be from 1 to 65535: " + port);
        }
        return new OnionMxRecord(priority, weight, port, target);
    }

    /**
     * An SRV record's data in zone-file syntax, {@code <priority> <weight> <port> <target>}.
     *
     * @throws InvalidRecordException if there are not four fields, a number is out of range, or
     *     the target is not exactly {@code <v3 onion>.onion}
     */
    public static OnionMxRecord parse(String data) {
        requireNonNull(data, "data");
        String[] fields = data.trim().split("\\s+");
        if (fields.length != 4) {
            throw new InvalidRecordException(Reason.SYNTAX, "an SRV record has 4 fields: priority weight port "
                + "target", data);
        }
        int[] numbers = new int[3];
        for (int i = 0; i < 3; i++) {
            numbers[i] = fields[i].matches("[0-9]{1,5}") ? Integer.parseInt(fields[i]) : -1;
            if (numbers[i] < 0 || numbers[i] > 65535) {
                throw new InvalidRecordException(Reason.SYNTAX, "'" + fields[i] + "' is not a number from 0 to "
                    + "65535", data);
            }
        }
        return parse(numbers[0], numbers[1], numbers[2], fields[3]);
    }

    /**
     * An SRV record's fields as DNS gives them; the target with or without the final dot.
     *
     * @throws InvalidRecordException if the target is not exactly {@code <v3 onion>.onion}, or the port is 0
     */
    public static OnionMxRecord parse(int priority, int weight, int port, String target) {
        requireNonNull(target, "target");
        String record = priority + " " + weight + " " + port + " " + target;
        String name = target.endsWith(".") ? target.substring(0, target.length() - 1) : target;
        if (!name.toLowerCase(Locale.ROOT).endsWith("." + OnionAddress.TLD)) {
            throw new InvalidRecordException(Reason.TARGET, "target is not an .onion name", record);
        }
        OnionAddress onion;
        try {
            onion = OnionAddress.parse(name);
        } catch (InvalidAddressException e) {
            throw new InvalidRecordException(Reason.TARGET, "target is not a v3 onion (" + e.detail() + ")", record);
        }
        if (port < 1 || port > 65535) {
            throw new InvalidRecordException(Reason.PORT, "port " + port + " is not from 1 to 65535", record);
        }
        return of(priority, weight, port, onion);
    }

    /**
     * The records in the order RFC 2782 says to try them: by ascending priority; within one
     * priority, drawn at random with chances in proportion to the weights (weight 0 first in
     * the running list, so it is rarely picked while others weigh something).
     */
    public static List<OnionMxRecord> inTryOrder(List<OnionMxRecord> records, Random random) {
        List<OnionMxRecord> ordered = new ArrayList<>();
        records.stream().map(OnionMxRecord::priority).distinct().sorted().forEach(priority -> {
            List<OnionMxRecord> left = records.stream().filter(r -> r.priority == priority)
                .sorted(Comparator.comparingInt(OnionMxRecord::weight))
                .collect(Collectors.toCollection(ArrayList::new));
            while (!left.isEmpty()) {
                int total = left.stream().mapToInt(OnionMxRecord::weight).sum();
                int draw = total == 0 ? 0 : random.nextInt(total + 1);
                int running = 0;
                for (int i = 0; i < left.size(); i++) {
                    running += left.get(i).weight;
                    if (running >= draw) {
                        ordered.add(left.remove(i));
                        break;
                    }
                }
            }
        });
        return List.copyOf(ordered);
    }

    public int priority() {
        return priority;
    }

    public int weight() {
        return weight;
    }

    public int port() {
        return port;
    }

    public OnionAddress target() {
        return target;
    }

    /** The record's data in zone-file syntax: {@code 10 0 25 <onion>.onion.} */
    public String asString() {
        return priority + " " + weight + " " + port + " " + target.asString() + ".";
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof OnionMxRecord)) {
            return false;
        }
        OnionMxRecord other = (OnionMxRecord) o;
        return priority == other.priority && weight == other.weight && port == other.port
            && target.equals(other.target);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(priority, weight, port, target);
    }

    @Override
    public String toString() {
        return "OnionMxRecord{" + asString() + "}";
    }
}
