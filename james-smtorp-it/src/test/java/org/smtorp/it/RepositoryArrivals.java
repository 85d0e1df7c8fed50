/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * When a James stored each mail in one of its mail repositories (the mail's {@code lastUpdated},
 * by that James's clock), read through WebAdmin and told apart by Subject: the benchmark's
 * measure of arrival. Each stored mail is read once; {@link #clear()} empties the repository
 * between measurements, so that later ones do not list and skip the earlier ones' mails.
 */
final class RepositoryArrivals {
    // WebAdmin's dates, e.g. 2026-11-29T17:12:39.615+0000 (an offset without a colon).
    private static final DateTimeFormatter WEBADMIN_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final Pattern SUBJECT = Pattern.compile("(?m)^Subject: (\\S+)");
    // The receiver's trace line names its SMTP session (one per connection) as "ID ...".
    private static final Pattern SESSION = Pattern.compile("(?m)^Received: from .* ID (\\S+)");
    private static final Duration POLL = Duration.ofMillis(200);

    private final WebAdmin admin;
    private final String mails;
    private final Map<String, Arrival> bySubject = new HashMap<>();
    private final Set<String> readKeys = new HashSet<>();

    /** @param repository a repository path as WebAdmin names it, e.g. {@code var/mail/inbox} */
    RepositoryArrivals(WebAdmin admin, String repository) {
        this.admin = admin;
        this.mails = "/mailRepositories/" + WebAdmin.encode(repository) + "/mails";
    }

    /** One stored mail: when, and the receiving SMTP session that carried it (its trace line's ID). */
    static final class Arrival {
        private final Instant stored;
        private final Optional<String> session;

        private Arrival(Instant stored, Optional<String> session) {
            this.stored = stored;
            this.session = session;
        }

        Instant stored() {
            return stored;
        }

        Optional<String> session() {
            return session;
        }
    }

    /** Polls until every one of {@code subjects} was stored; fails after {@code patience}. */
    Map<String, Arrival> await(Collection<String> subjects, Duration patience) throws IOException, InterruptedException {
        Map<String, Arrival> arrived = arrivedWithin(subjects, patience);
        if (arrived.size() < subjects.size()) {
            throw new AssertionError((subjects.size() - arrived.size()) + " of " + subjects.size()
                + " mails did not arrive in " + patience);
        }
        return arrived;
    }

    /** Polls until every one of {@code subjects} was stored or {@code patience} is over: those stored by then. */
    Map<String, Arrival> arrivedWithin(Collection<String> subjects, Duration patience)
        throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(patience);
        readNew();
        while (!bySubject.keySet().containsAll(subjects) && Instant.now().isBefore(deadline)) {
            Thread.sleep(POLL.toMillis());
            readNew();
        }
        Map<String, Arrival> arrived = new HashMap<>();
        subjects.stream().filter(bySubject::containsKey).forEach(subject -> arrived.put(subject, bySubject.get(subject)));
        return arrived;
    }

    /** Deletes every mail of the repository (a WebAdmin task) and forgets what was read. */
    void clear() throws IOException, InterruptedException {
        admin.runTask("DELETE", mails);
        bySubject.clear();
        readKeys.clear();
    }

    private void readNew() throws IOException, InterruptedException {
        for (JsonNode key : admin.getJson(mails)) {
            if (!readKeys.add(key.asText())) {
                continue;
            }
            String mail = mails + "/" + WebAdmin.encode(key.asText());
            String message = admin.get(mail, "message/rfc822");
            Matcher subject = SUBJECT.matcher(message);
            JsonNode stored = admin.getJson(mail).path("lastUpdated");
            if (subject.find() && !stored.isMissingNode()) {
                // The first trace line is the receiver's own; unfolded, as OnionDeliveryIT reads it.
                Matcher session = SESSION.matcher(message.replaceAll("\r\n[ \t]+", " "));
                bySubject.put(subject.group(1), new Arrival(instant(stored),
                    session.find() ? Optional.of(session.group(1)) : Optional.empty()));
            }
        }
    }

    // WebAdmin writes a date as epoch milliseconds or as ISO text, depending on its JSON settings.
    private static Instant instant(JsonNode value) {
        return value.isNumber() || value.asText().matches("\\d+") ? Instant.ofEpochMilli(value.asLong()) : ZonedDateTime.parse(value.asText(), WEBADMIN_DATE).toInstant();
    }
}
