/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.smtorp.cli.CliFailure;

/**
 * Follows one mail from the sender's James to the recipient's mailbox and prints each step
 * once: the TLS pin and the proof of work from the lines the sender's delivery logs at INFO,
 * the delivery itself from the recipient's James (its mailbox, through WebAdmin), never from
 * a log line. A permanent failure, or no mail in time, fails with the step and the logs.
 */
final class DeliveryWatch {
    private static final Duration POLL = Duration.ofMillis(250);
    // What TorConnection, SmtpExchange, MailDeliverer and OnionRemoteDelivery log at INFO (docs/delivery.md).
    private static final Pattern PIN = Pattern.compile("TLS pin verified for (.*)$", Pattern.MULTILINE);
    private static final Pattern POW = Pattern.compile("proof of work solved: (.*)$", Pattern.MULTILINE);
    private static final Pattern SENT = Pattern.compile("delivered to (\\d+ recipient\\(s\\) at .*)$", Pattern.MULTILINE);
    private static final Pattern TEMPORARY = Pattern.compile("temporary failure at (.*)$", Pattern.MULTILINE);
    private static final Pattern PERMANENT = Pattern.compile("(permanent failure at .*|bounced .*)$",
        Pattern.MULTILINE);

    private final SmtorpJames sender;
    private final SmtorpJames recipient;
    private final DemoSteps steps;
    private final long logOffset;
    private final Map<Pattern, String> printed = new LinkedHashMap<>();
    private int temporaryPrinted;

    /** Watches what the sender logs from now on. */
    DeliveryWatch(SmtorpJames sender, SmtorpJames recipient, DemoSteps steps) throws IOException {
        this.sender = sender;
        this.recipient = recipient;
        this.steps = steps;
        this.logOffset = Files.size(sender.logFile());
    }

    /** Waits until {@code user}'s INBOX holds {@code count} messages; throws naming the step that failed. */
    void awaitDelivered(String user, long count, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        long held = 0;
        while (Instant.now().isBefore(deadline)) {
            String log = senderLog();
            printOnce(log, PIN, "TLS pin verified: ");
            printOnce(log, POW, "proof of work solved: ");
            printOnce(log, SENT, "alice's James handed it to bob's: ");
            printTemporaryFailures(log);
            Optional<String> permanent = last(log, PERMANENT);
            if (permanent.isPresent()) {
                throw failure(step(log), "alice's delivery gave up: " + permanent.get());
            }
            held = recipient.webAdmin().messageCount(user, "INBOX");
            if (held >= count) {
                if (!printed.containsKey(POW)) {
                    steps.print("proof of work: not asked (bob's onion listener offered no XPOW after EHLO)");
                }
                steps.print("delivered into bob's mailbox: " + user + " INBOX holds " + held
                    + (held == 1 ? " message" : " messages") + " (checked through bob's WebAdmin)");
                return;
            }
            if (!sender.isRunning() || !recipient.isRunning()) {
                throw failure(step(log), (sender.isRunning() ? "bob's" : "alice's") + " James stopped");
            }
            Thread.sleep(POLL.toMillis());
        }
        throw failure(step(senderLog()), "no mail in " + user + "'s INBOX after " + timeout.toSeconds() + " s (it holds "
            + held + ")");
    }

    // The first step not seen yet names where delivery stopped.
    private String step(String log) {
        if (!PIN.matcher(log).find()) {
            return "TLS pin verified (alice's James did not get a TLS session with bob's onion through tor)";
        }
        if (!SENT.matcher(log).find()) {
            return "alice's James hands the mail to bob's (the SMTP transaction over TLS)";
        }
        return "delivered into bob's mailbox";
    }

    private CliFailure failure(String step, String reason) {
        return new CliFailure("demo failed at the step \"" + step + "\": " + reason + "\n  alice's log: "
            + sender.logFile() + "\n  bob's log:   " + recipient.logFile());
    }

    private void printOnce(String log, Pattern pattern, String label) {
        if (!printed.containsKey(pattern)) {
            last(log, pattern).ifPresent(line -> {
                printed.put(pattern, line);
                steps.print(label + line);
            });
        }
    }

    private void printTemporaryFailures(String log) {
        Matcher matcher = TEMPORARY.matcher(log);
        int index = 0;
        while (matcher.find()) {
            if (index++ >= temporaryPrinted) {
                steps.print("temporary failure, alice retries: " + matcher.group(1));
            }
        }
        temporaryPrinted = index;
    }

    private static Optional<String> last(String log, Pattern pattern) {
        Matcher matcher = pattern.matcher(log);
        String found = null;
        while (matcher.find()) {
            found = matcher.group(1);
        }
        return Optional.ofNullable(found);
    }

    private String senderLog() throws IOException {
        byte[] all = Files.readAllBytes(sender.logFile());
        return new String(all, (int) Math.min(logOffset, all.length), (int) Math.max(0, all.length - logOffset),
            StandardCharsets.UTF_8);
    }
}
