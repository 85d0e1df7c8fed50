/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Domain;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.dkim.SigningDomain;
import org.smtorp.protocol.pow.InvalidPowSettingException;
import org.smtorp.protocol.pow.xpow.AlgorithmRegistry;

/**
 * {@link XpowHandler}'s elements in smtpserver.xml, read once into typed values:
 * <pre>
 * &lt;algorithm&gt;argon2id=8&lt;/algorithm&gt;                        (repeated; docs/xpow.md section 4)
 * &lt;maxFailedProofs&gt;3&lt;/maxFailedProofs&gt;
 * &lt;spentStampStore&gt;var/smtorp/hashcash-spent&lt;/spentStampStore&gt;
 * &lt;exemptOnion&gt;&lt;fingerprint&gt;.&lt;onion&gt;.onion&lt;/exemptOnion&gt;      (repeated; a partner proved with XONION)
 * &lt;exemptDkimDomain&gt;example.org&lt;/exemptDkimDomain&gt;             (repeated; DKIM signature verified)
 * </pre>
 * Every element is optional; a bad value fails James's start naming the element.
 */
final class XpowSettings {
    static final String ALGORITHM = "algorithm";
    static final String MAX_FAILED_PROOFS = "maxFailedProofs";
    static final String SPENT_STAMP_STORE = "spentStampStore";
    static final String MAX_UNPAID_RECIPIENTS = "maxUnpaidRecipients";
    static final String MAX_UNPAID_MESSAGE_SIZE = "maxUnpaidMessageSize";
    static final String EXEMPT_ONION = "exemptOnion";
    static final String EXEMPT_DKIM_DOMAIN = "exemptDkimDomain";
    static final String SELECTOR_ATTRIBUTE = "selector";
    // RFC 6376 3.1: selector = sub-domain *( "." sub-domain )
    private static final Pattern SELECTOR = Pattern.compile(
        "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*");

    /** RCPTs a transaction may have before an XPOW proof paid for it (hashcash pays only after DATA). */
    static final int DEFAULT_MAX_UNPAID_RECIPIENTS = 5;
    static final int MOST_UNPAID_RECIPIENTS = 100;
    /** KB (as James's maxmessagesize) a message without an XPOW proof may have: stamps are checked only after it. */
    static final int DEFAULT_MAX_UNPAID_MESSAGE_SIZE_KB = 1024;
    static final int MOST_UNPAID_MESSAGE_SIZE_KB = 1024 * 1024;

    /** A sender that fails this many proofs in one connection is disconnected. */
    static final int DEFAULT_MAX_FAILED_PROOFS = FailedProofs.DEFAULT_LIMIT;
    static final int MOST_FAILED_PROOFS = 100;
    /** Relative paths are under James's working directory, beside its other state. */
    static final Path DEFAULT_SPENT_STAMP_STORE = Paths.get("var", "smtorp", "hashcash-spent");

    private static final Set<String> ELEMENTS = Set.of(ALGORITHM, MAX_FAILED_PROOFS, SPENT_STAMP_STORE,
        MAX_UNPAID_RECIPIENTS, MAX_UNPAID_MESSAGE_SIZE, EXEMPT_ONION, EXEMPT_DKIM_DOMAIN);
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[1-9][0-9]{0,2}");

    private final AlgorithmRegistry registry;
    private final int maxFailedProofs;
    private final Path spentStampStore;
    private final int maxUnpaidRecipients;
    private final long maxUnpaidMessageBytes;
    private final SenderExemptions exemptions;

    private XpowSettings(AlgorithmRegistry registry, int maxFailedProofs, Path spentStampStore,
                         int maxUnpaidRecipients, long maxUnpaidMessageBytes, SenderExemptions exemptions) {
        this.registry = registry;
        this.maxFailedProofs = maxFailedProofs;
        this.spentStampStore = spentStampStore;
        this.maxUnpaidRecipients = maxUnpaidRecipients;
        this.maxUnpaidMessageBytes = maxUnpaidMessageBytes;
        this.exemptions = exemptions;
    }

    /**
     * Reads the handler's elements; the algorithms' difficulty grows by {@code clock}.
     *
     * @throws ConfigurationException naming the element and what it allows
     */
    static XpowSettings from(Configuration configuration, Clock clock) throws ConfigurationException {
        HandlerElements elements = HandlerElements.of(XpowHandler.class, configuration, ELEMENTS);
        return new XpowSettings(
            registry(configuration.getList(String.class, ALGORITHM, List.of()), clock),
            maxFailedProofs(configuration.getString(MAX_FAILED_PROOFS)),
            spentStampStore(configuration.getString(SPENT_STAMP_STORE)),
            elements.wholeNumber(MAX_UNPAID_RECIPIENTS, DEFAULT_MAX_UNPAID_RECIPIENTS, 1, MOST_UNPAID_RECIPIENTS),
            1024L * elements.wholeNumber(MAX_UNPAID_MESSAGE_SIZE, DEFAULT_MAX_UNPAID_MESSAGE_SIZE_KB, 1,
                MOST_UNPAID_MESSAGE_SIZE_KB),
            exemptions(configuration.getList(String.class, EXEMPT_ONION, List.of()),
                configuration.getList(String.class, EXEMPT_DKIM_DOMAIN, List.of()), selectors(configuration)));
    }

    // Each element names one partner or one domain; a bad one fails James's start, naming it.
    private static SenderExemptions exemptions(List<String> onions, List<String> domains, List<String> selectors)
        throws ConfigurationException {
        List<SmtorpDomain> partners = new ArrayList<>();
        for (String onion : onions) {
            try {
                SmtorpDomain partner = SmtorpDomain.parse(onion.trim());
                if (partner.fingerprint().isEmpty()) {
                    throw failure(element(EXEMPT_ONION, onion) + " must name the partner's key too:"
                        + " <fingerprint>.<onion>.onion, as its SMTorP address does (XONION proves the key)");
                }
                partners.add(partner);
            } catch (InvalidAddressException e) {
                throw failure(element(EXEMPT_ONION, onion) + " is not <fingerprint>.<onion>.onion: " + e.getMessage());
            }
        }
        List<Domain> dkimDomains = new ArrayList<>();
        Set<Domain> anySelector = new HashSet<>();
        Map<Domain, Set<String>> pinned = new HashMap<>();
        for (int i = 0; i < domains.size(); i++) {
            String domain = domains.get(i);
            Domain listed = SigningDomain.of(domain).orElseThrow(() ->
                failure(element(EXEMPT_DKIM_DOMAIN, domain) + " is not a domain"));
            dkimDomains.add(listed);
            if (SmtorpDomain.isUnderOnion(domain.trim())) {
                throw failure(element(EXEMPT_DKIM_DOMAIN, domain) + " is an onion: its DKIM key would be a DNS"
                    + " look-up of an onion name; list a partner onion with " + element(EXEMPT_ONION,
                    "<fingerprint>.<onion>.onion"));
            }
            String selector = selectors.get(i);
            if (selector == null) {
                anySelector.add(listed);
            } else if (SELECTOR.matcher(selector.trim()).matches()) {
                pinned.computeIfAbsent(listed, d -> new HashSet<>()).add(selector.trim().toLowerCase(Locale.ROOT));
            } else {
                throw failure("<" + EXEMPT_DKIM_DOMAIN + " " + SELECTOR_ATTRIBUTE + "=\"" + selector + "\"> is not a"
                    + " DKIM selector (labels of letters, digits and hyphens, separated by dots)");
            }
        }
        anySelector.forEach(pinned::remove); // Listed once without a selector: any.
        return SenderExemptions.of(partners, dkimDomains, pinned);
    }

    // The selector="" attribute of each <exemptDkimDomain>, in order; null where there is none.
    private static List<String> selectors(Configuration configuration) {
        int count = configuration.getList(String.class, EXEMPT_DKIM_DOMAIN, List.of()).size();
        List<String> selectors = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            selectors.add(configuration.getString(EXEMPT_DKIM_DOMAIN + "(" + i + ")[@" + SELECTOR_ATTRIBUTE + "]"));
        }
        return selectors;
    }

    private static AlgorithmRegistry registry(List<String> lines, Clock clock) throws ConfigurationException {
        AlgorithmRegistry registry = AlgorithmRegistry.defaults(clock);
        for (String line : lines) {
            try {
                registry = registry.withSettings(List.of(line));
            } catch (InvalidPowSettingException e) {
                throw failure(element(ALGORITHM, line) + ": " + e.getMessage());
            }
        }
        if (registry.algorithms().isEmpty()) {
            throw failure("every <" + ALGORITHM + "> is off, so no sender could pay; leave at least one on");
        }
        return registry;
    }

    private static int maxFailedProofs(String text) throws ConfigurationException {
        if (text == null) {
            return DEFAULT_MAX_FAILED_PROOFS;
        }
        String trimmed = text.trim();
        if (!WHOLE_NUMBER.matcher(trimmed).matches() || Integer.parseInt(trimmed) > MOST_FAILED_PROOFS) {
            throw failure(element(MAX_FAILED_PROOFS, text) + " must be a whole number from 1 to "
                + MOST_FAILED_PROOFS);
        }
        return Integer.parseInt(trimmed);
    }

    private static Path spentStampStore(String text) throws ConfigurationException {
        if (text == null) {
            return DEFAULT_SPENT_STAMP_STORE;
        }
        if (text.trim().isEmpty()) {
            throw failure(element(SPENT_STAMP_STORE, text) + " must name a file, e.g. "
                + DEFAULT_SPENT_STAMP_STORE);
        }
        try {
            return Paths.get(text.trim());
        } catch (InvalidPathException e) {
            throw failure(element(SPENT_STAMP_STORE, text) + " is not a path: " + e.getMessage());
        }
    }

    private static String element(String name, String value) {
        return "<" + name + ">" + value + "</" + name + ">";
    }

    private static ConfigurationException failure(String problem) {
        return new ConfigurationException(XpowHandler.class.getSimpleName() + ": " + problem);
    }

    /** The algorithms offered, in order of preference, with their difficulty. */
    AlgorithmRegistry registry() {
        return registry;
    }

    /** The failed proof that reaches this number closes the connection with 421. */
    int maxFailedProofs() {
        return maxFailedProofs;
    }

    /** A transaction without an accepted XPOW proof gets 452 4.5.3 for RCPTs beyond this many. */
    int maxUnpaidRecipients() {
        return maxUnpaidRecipients;
    }

    /** A message without an accepted XPOW proof is refused (552 5.3.4) beyond this many bytes. */
    long maxUnpaidMessageBytes() {
        return maxUnpaidMessageBytes;
    }

    /** Who may mail without a proof of work: none unless listed. */
    SenderExemptions exemptions() {
        return exemptions;
    }

    /** As written: relative to James's working directory unless absolute. */
    Path spentStampStore() {
        return spentStampStore;
    }

    /** What EHLO offers today, e.g. {@code equihash=7 argon2id=7}, for the log. */
    String difficulties() {
        return registry.algorithms().stream()
            .map(algorithm -> algorithm.name() + "=" + registry.bits(algorithm.name()))
            .collect(Collectors.joining(" "));
    }

    @Override
    public String toString() {
        return "XpowSettings{" + difficulties() + ", maxFailedProofs=" + maxFailedProofs + ", spentStampStore="
            + spentStampStore + ", maxUnpaidRecipients=" + maxUnpaidRecipients + ", maxUnpaidMessageBytes="
            + maxUnpaidMessageBytes + ", " + exemptions + "}";
    }
}
