/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * Asks DNS for TXT and SRV records with dnsjava, through its validating resolver when there
 * is a trust anchor, and reports each answer as a {@link DnsAnswer}: records, none, or a
 * failure, with the DNSSEC status. It refuses every name under {@code .onion}: asking DNS for
 * one would tell the resolver whom we mail.
 */
final class DnsLookup {
    // RFC 2308: without an SOA in a negative answer, cache it briefly.
    private static final Duration NEGATIVE_TTL_WITHOUT_SOA = Duration.ofMinutes(5);
    // Also how long a deferral lasts (DiscoveryPolicy): a repaired zone is noticed within a minute.
    static final Duration FAILURE_TTL = Duration.ofMinutes(1);

    private final Resolver resolver;
    private final boolean validating;
    private final Duration timeout;

    private DnsLookup(Resolver resolver, boolean validating, Duration timeout) {
        this.resolver = resolver;
        this.validating = validating;
        this.timeout = timeout;
    }

    /** @throws IOException if the trust anchor file cannot be read or holds no DS or DNSKEY record */
    static DnsLookup of(DiscoverySettings settings) throws IOException {
        Resolver head = settings.resolver()
            .<Resolver>map(address -> {
                SimpleResolver simple = new SimpleResolver(address);
                simple.setTimeout(settings.timeout());
                return simple;
            })
            .orElseGet(DnsLookup::systemResolver);
        head.setTimeout(settings.timeout());
        if (!settings.validates()) {
            return new DnsLookup(head, false, settings.timeout());
        }
        Path anchor = settings.trustAnchor().orElseThrow();
        checkAnchor(anchor);
        ValidatingResolver validator = new ValidatingResolver(head);
        try (InputStream in = Files.newInputStream(anchor)) {
            validator.loadTrustAnchors(in);
        }
        return new DnsLookup(validator, true, settings.timeout());
    }

    // Anchor files often carry no TTL (keymgr's DS lines have none): 0 then, as the validator reads them.
    // The validator skips what it cannot use without a word: an anchor file that anchors nothing
    // would make every answer "insecure" and look like unsigned zones.
    private static void checkAnchor(Path anchor) throws IOException {
        int anchors = 0;
        try (Master master = new Master(Files.newInputStream(anchor), Name.root, 0)) {
            for (Record record = master.nextRecord(); record != null; record = master.nextRecord()) {
                if (record.getType() == Type.DS || record.getType() == Type.DNSKEY) {
                    anchors++;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException("the trust anchor " + anchor + " does not parse as DS or DNSKEY records: "
                + e.getMessage(), e);
        }
        if (anchors == 0) {
            throw new IOException("the trust anchor " + anchor + " holds no DS or DNSKEY record");
        }
    }

    private static Resolver systemResolver() {
        return new ExtendedResolver();
    }

    /** Starts a TXT look-up; the answer's records are each record's character-strings joined. */
    CompletableFuture<DnsAnswer> txt(String name) {
        return ask(name, Type.TXT);
    }

    /** Starts an SRV look-up; the answer's records are {@code priority weight port target}. */
    CompletableFuture<DnsAnswer> srv(String name) {
        return ask(name, Type.SRV);
    }

    /** The answer, or a failed one if it did not come in time (validation asks further names). */
    DnsAnswer await(CompletableFuture<DnsAnswer> pending, String name) {
        try {
            return pending.get(timeout.multipliedBy(4).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return DnsAnswer.failed(name, "timed out", DnssecStatus.UNVALIDATED, FAILURE_TTL);
        } catch (ExecutionException e) {
            return DnsAnswer.failed(name, describe(e.getCause()), DnssecStatus.UNVALIDATED, FAILURE_TTL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DnsAnswer.failed(name, "interrupted", DnssecStatus.UNVALIDATED, FAILURE_TTL);
        }
    }

    private CompletableFuture<DnsAnswer> ask(String name, int type) {
        Name absolute = absolute(name);
        Message query = Message.newQuery(Record.newRecord(absolute, type, DClass.IN));
        return resolver.sendAsync(query).toCompletableFuture()
            .handle((response, failure) -> failure != null
                ? DnsAnswer.failed(absolute.toString(), describe(failure), DnssecStatus.UNVALIDATED, FAILURE_TTL)
                : answer(absolute.toString(), type, response));
    }

    static Name absolute(String name) {
        String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.equals("onion") || lower.endsWith(".onion")) {
            throw new IllegalArgumentException("'" + name + "' is under .onion: discovery never asks DNS for one");
        }
        try {
            return Name.fromString(trimmed + ".");
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + name + "' is not a domain name: " + e.getMessage(), e);
        }
    }

    private DnsAnswer answer(String name, int type, Message response) {
        int rcode = response.getRcode();
        if (rcode == Rcode.SERVFAIL && bogus(response).isPresent()) {
            return DnsAnswer.failed(name, "DNSSEC validation failed: " + bogus(response).get(), DnssecStatus.BOGUS,
                FAILURE_TTL);
        }
        DnssecStatus status = status(response.getHeader().getFlag(Flags.AD));
        if (rcode == Rcode.NXDOMAIN) {
            return DnsAnswer.none(name, status, negativeTtl(response));
        }
        if (rcode != Rcode.NOERROR) {
            return DnsAnswer.failed(name, Rcode.string(rcode), status, FAILURE_TTL);
        }
        List<Record> records = response.getSection(Section.ANSWER).stream().filter(r -> r.getType() == type)
            .collect(Collectors.toList());
        if (records.isEmpty()) {
            return DnsAnswer.none(name, status, negativeTtl(response));
        }
        long ttl = records.stream().mapToLong(Record::getTTL).min().orElse(0);
        return DnsAnswer.records(name, records.stream().map(DnsLookup::data).collect(Collectors.toList()), status,
            Duration.ofSeconds(ttl));
    }

    private static String data(Record record) {
        if (record instanceof TXTRecord) {
            return String.join("", ((TXTRecord) record).getStrings());
        }
        SRVRecord srv = (SRVRecord) record;
        return srv.getPriority() + " " + srv.getWeight() + " " + srv.getPort() + " " + srv.getTarget();
    }

    // The validating resolver answers a bogus response with SERVFAIL, an extended DNS error and its reason.
    private Optional<String> bogus(Message response) {
        if (!validating) {
            return Optional.empty();
        }
        OPTRecord opt = response.getOPT();
        if (opt == null) {
            return Optional.empty();
        }
        return opt.getOptions(org.xbill.DNS.EDNSOption.Code.EDNS_EXTENDED_ERROR).stream()
            .map(ExtendedErrorCodeOption.class::cast)
            .filter(e -> e.getErrorCode() == ExtendedErrorCodeOption.DNSSEC_BOGUS)
            .map(e -> Optional.ofNullable(e.getText()).orElse("bogus"))
            .findFirst();
    }

    private DnssecStatus status(boolean authenticated) {
        if (!validating) {
            return DnssecStatus.UNVALIDATED;
        }
        return authenticated ? DnssecStatus.SECURE : DnssecStatus.INSECURE;
    }

    private static Duration negativeTtl(Message response) {
        List<Duration> soa = new ArrayList<>();
        for (Record record : response.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord) {
                soa.add(Duration.ofSeconds(Math.min(record.getTTL(), ((SOARecord) record).getMinimum())));
            }
        }
        return soa.stream().min(Duration::compareTo).orElse(NEGATIVE_TTL_WITHOUT_SOA);
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && (cause instanceof ExecutionException
            || cause instanceof CompletionException)) {
            cause = cause.getCause();
        }
        if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
            return "timed out";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
