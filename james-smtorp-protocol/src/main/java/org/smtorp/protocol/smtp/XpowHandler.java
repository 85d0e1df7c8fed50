/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.smtorp.protocol.dkim.DkimVerification;
import org.smtorp.protocol.dkim.ListedDomainKeys;
import org.smtorp.protocol.pow.hashcash.HashcashAlgorithm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proof of work on an SMTP listener (docs/xpow.md), as smtpserver.xml names it,
 * after the relay guard and before James's own handlers:
 * <pre>
 * &lt;handler class="org.smtorp.protocol.smtp.XpowHandler"&gt;
 *     &lt;algorithm&gt;equihash=8&lt;/algorithm&gt;
 *     &lt;algorithm&gt;hashcash=24&lt;/algorithm&gt; (off unless named: legacy X-Hashcash senders)
 *     &lt;maxFailedProofs&gt;3&lt;/maxFailedProofs&gt;
 *     &lt;spentStampStore&gt;var/smtorp/hashcash-spent&lt;/spentStampStore&gt;
 *     &lt;maxUnpaidRecipients&gt;5&lt;/maxUnpaidRecipients&gt;
 *     &lt;maxUnpaidMessageSize&gt;1024&lt;/maxUnpaidMessageSize&gt;
 *     &lt;exemptOnion&gt;&lt;fingerprint&gt;.&lt;onion&gt;.onion&lt;/exemptOnion&gt; (repeated; none unless named)
 *     &lt;exemptDkimDomain&gt;example.org&lt;/exemptDkimDomain&gt;          (repeated; none unless named)
 *     &lt;exemptDkimDomain selector="mail"&gt;example.net&lt;/exemptDkimDomain&gt; (only that selector looked up)
 * &lt;/handler&gt;
 * </pre>
 * James registers this one instance under each interface it implements: the
 * {@code XPOW} verb and the offer in EHLO are {@link XpowProofs}'; the DATA gate,
 * the RCPT limits and the check of each arriving message are {@link PaymentGate}'s;
 * the size limit of a message no proof paid for is {@link UnpaidMessageLimit}'s.
 * As a command handler before CoreCmdHandlerLoader it sees DATA before James does,
 * and passes it on by answering null.
 */
public final class XpowHandler implements CommandHandler<SMTPSession>, EhloExtension, RcptHook, DataLineFilter,
    MessageHook, JamesMessageHook {
    static final String XPOW = "XPOW";
    static final String DATA = "DATA";

    private static final Logger LOGGER = LoggerFactory.getLogger(XpowHandler.class);
    private static final Collection<String> COMMANDS = Set.of(XPOW, DATA);

    private final FileSystem fileSystem;
    private final SpentStampFiles spentStampFiles;
    private final Clock clock;
    private final SecureRandom random;
    private final ProofMetrics metrics;
    private final PublicKeyRecordRetriever dkimKeys;
    // Set once by init(), before the first session.
    private volatile Optional<XpowProofs> proofs = Optional.empty();
    private volatile Optional<PaymentGate> gate = Optional.empty();
    private volatile Optional<UnpaidMessageLimit> unpaidLimit = Optional.empty();

    /**
     * James's GuiceProtocolHandlerLoader builds handlers with the injector: MetricFactory is the server's,
     * and {@code dkimKeys} James's own binding (DNS TXT look-ups, as its DKIMVerify mailet uses).
     */
    @Inject
    public XpowHandler(FileSystem fileSystem, SpentStampFiles spentStampFiles, MetricFactory metrics,
                       PublicKeyRecordRetriever dkimKeys) {
        this(fileSystem, spentStampFiles, Clock.systemUTC(), new SecureRandom(), metrics, dkimKeys);
    }

    XpowHandler(FileSystem fileSystem, SpentStampFiles spentStampFiles, Clock clock, SecureRandom random,
                MetricFactory metrics, PublicKeyRecordRetriever dkimKeys) {
        this.fileSystem = fileSystem;
        this.spentStampFiles = spentStampFiles;
        this.clock = clock;
        this.random = random;
        this.metrics = ProofMetrics.of(metrics);
        this.dkimKeys = dkimKeys;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        XpowSettings settings = XpowSettings.from(config, clock);
        Optional<HashcashStamps> stamps = stamps(settings);
        proofs = Optional.of(new XpowProofs(settings.registry(), settings.maxFailedProofs(), random, metrics));
        // Keys only of the listed domains: a stranger's d= never becomes a DNS query of its choosing.
        DkimVerification dkim = DkimVerification.exempting(
            ListedDomainKeys.of(dkimKeys, settings.exemptions().dkimDomains(), settings.exemptions().dkimSelectors()));
        gate = Optional.of(new PaymentGate(settings.registry(), stamps, settings.maxUnpaidRecipients(),
            settings.exemptions(), dkim));
        unpaidLimit = Optional.of(new UnpaidMessageLimit(settings.maxUnpaidMessageBytes()));
        LOGGER.info("XPOW offers {}; {} failed proofs close a connection; without a proof {} RCPTs and {} bytes"
            + " of message", settings.difficulties(), settings.maxFailedProofs(), settings.maxUnpaidRecipients(),
            settings.maxUnpaidMessageBytes());
        LOGGER.info("Without a proof of work: {}", settings.exemptions());
    }

    // Only when hashcash is offered: without it no stamp is ever spent, so no file is needed.
    private Optional<HashcashStamps> stamps(XpowSettings settings) throws ConfigurationException {
        if (settings.registry().algorithm(HashcashAlgorithm.NAME).isEmpty()) {
            return Optional.empty();
        }
        Path file = spentStampStore(settings);
        try {
            HashcashStamps stamps = new HashcashStamps(spentStampFiles.open(file, clock), clock);
            LOGGER.info("Spent hashcash stamps are kept in {}", file);
            return Optional.of(stamps);
        } catch (IOException | UncheckedIOException e) {
            throw failure("<" + XpowSettings.SPENT_STAMP_STORE + "> " + file + " can not be opened: " + e.getMessage(),
                e);
        }
    }

    private Path spentStampStore(XpowSettings settings) throws ConfigurationException {
        try {
            return fileSystem.getBasedir().toPath().resolve(settings.spentStampStore());
        } catch (FileNotFoundException e) {
            throw failure("James has no working directory to resolve <" + XpowSettings.SPENT_STAMP_STORE + "> in", e);
        }
    }

    private static ConfigurationException failure(String problem, Exception cause) {
        return new ConfigurationException(XpowHandler.class.getSimpleName() + ": " + problem, cause);
    }

    @Override
    public Collection<String> getImplCommands() {
        return COMMANDS;
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        return DATA.equals(request.getCommand())
            ? gate().onData(session)
            : proofs().prove(session, request.getArgument());
    }

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        return proofs().offer(session);
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        return gate().onRcpt(session);
    }

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        return unpaidLimit().onLine(session, line, next);
    }

    /** James runs these before the {@link JamesMessageHook}s: a message past the unpaid limit spends no stamp. */
    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        return unpaidLimit().onMessage(session);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        return gate().onMessage(session, mail);
    }

    private XpowProofs proofs() {
        return proofs.orElseThrow(XpowHandler::notInitialized);
    }

    private PaymentGate gate() {
        return gate.orElseThrow(XpowHandler::notInitialized);
    }

    private UnpaidMessageLimit unpaidLimit() {
        return unpaidLimit.orElseThrow(XpowHandler::notInitialized);
    }

    private static IllegalStateException notInitialized() {
        return new IllegalStateException(XpowHandler.class.getName() + " was used before init");
    }
}
