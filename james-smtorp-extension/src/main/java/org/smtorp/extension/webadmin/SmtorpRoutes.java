/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.webadmin;

import java.util.List;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.smtorp.extension.lifecycle.OnionServiceLifecycle;
import org.smtorp.extension.lifecycle.OnionServiceStatus;
import org.smtorp.mailets.announce.AnnouncedAddress;
import org.smtorp.mailets.announce.AnnouncedAddresses;
import org.smtorp.mailets.delivery.DeliveryQueues;
import org.smtorp.mailets.delivery.WaitingMail;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.MailtoUri;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.address.SmtorpAddress;
import org.smtorp.protocol.qr.QrCode;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes ({@code extensions.routes} in {@code webadmin.properties}):
 * {@code GET /smtorp/status} and {@code GET /smtorp/address/{user}} as text,
 * {@code ?format=mailto} or {@code ?format=qr} (a PNG); {@code GET /smtorp/announced}
 * and {@code DELETE /smtorp/announced/{address}} for the recorded SMTorP-Address
 * announcements (docs/announce.md); {@code GET /smtorp/queue}, the mail waiting in
 * OnionRemoteDelivery's queues for its next attempt (docs/operations.md), read only.
 */
public final class SmtorpRoutes implements Routes {
    static final String BASE = "/smtorp";

    private final OnionServiceLifecycle onionService;
    private final AnnouncedAddresses announced;
    private final DeliveryQueues queues;
    private final JsonTransformer json = new JsonTransformer();

    @Inject
    public SmtorpRoutes(OnionServiceLifecycle onionService, AnnouncedAddresses announced, DeliveryQueues queues) {
        this.onionService = onionService;
        this.announced = announced;
        this.queues = queues;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE + "/status", (request, response) -> StatusDto.of(onionService.status()), json);
        service.get(BASE + "/address/:user", this::address);
        service.get(BASE + "/announced", (request, response) -> announced.list().stream()
            .map(AnnouncedDto::of).collect(Collectors.toList()), json);
        service.delete(BASE + "/announced/:address", this::removeAnnounced);
        service.get(BASE + "/queue", (request, response) -> waiting(), json);
    }

    private List<WaitingMailDto> waiting() {
        try {
            return queues.waiting().stream().map(WaitingMailDto::of).collect(Collectors.toList());
        } catch (MailQueue.MailQueueException | UnsupportedOperationException e) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.INTERNAL_SERVER_ERROR_500)
                .type(ErrorResponder.ErrorType.SERVER_ERROR)
                .message("the delivery queue cannot be read: " + e.getMessage())
                .haltError();
        }
    }

    private Object removeAnnounced(Request request, Response response) {
        MailAddress address;
        try {
            address = new MailAddress(request.params("address"));
        } catch (AddressException e) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.BAD_REQUEST_400)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("'" + request.params("address") + "' is not a mail address: " + e.getMessage())
                .haltError();
        }
        if (!announced.remove(address)) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.NOT_FOUND_404)
                .type(ErrorResponder.ErrorType.NOT_FOUND)
                .message("no SMTorP address was announced for " + address.asString())
                .haltError();
        }
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private Object address(Request request, Response response) {
        SmtorpAddress address;
        try {
            address = SmtorpAddress.of(request.params("user"), onionService.status().domain());
        } catch (InvalidAddressException e) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.BAD_REQUEST_400)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message(e.getMessage())
                .haltError();
        }
        String format = request.queryParamOrDefault("format", "text");
        switch (format) {
            case "text":
                response.type("text/plain");
                return address.asString();
            case "mailto":
                response.type("text/plain");
                return MailtoUri.of(address).asString();
            case "qr":
                response.type("image/png");
                return QrCode.of(MailtoUri.of(address).asString()).toPng();
            default:
                throw ErrorResponder.builder()
                    .statusCode(HttpStatus.BAD_REQUEST_400)
                    .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                    .message("format must be text, mailto or qr, was '" + format + "'")
                    .haltError();
        }
    }

    /** One element of {@code GET /smtorp/announced}. */
    public static final class AnnouncedDto {
        private final AnnouncedAddress entry;

        private AnnouncedDto(AnnouncedAddress entry) {
            this.entry = entry;
        }

        static AnnouncedDto of(AnnouncedAddress entry) {
            return new AnnouncedDto(entry);
        }

        public String getAddress() {
            return entry.address().asString();
        }

        public String getSmtorpAddress() {
            return entry.smtorpAddress().asString();
        }

        public String getRecordedAt() {
            return entry.recordedAt().toString();
        }

        public String getEvidence() {
            return entry.evidence();
        }
    }

    /** One element of {@code GET /smtorp/queue}; absent times and errors are {@code null}. */
    public static final class WaitingMailDto {
        private final WaitingMail mail;

        private WaitingMailDto(WaitingMail mail) {
            this.mail = mail;
        }

        static WaitingMailDto of(WaitingMail mail) {
            return new WaitingMailDto(mail);
        }

        public String getId() {
            return mail.id();
        }

        public List<String> getOnions() {
            return mail.onions().stream().map(OnionAddress::asString).collect(Collectors.toList());
        }

        public List<String> getDomains() {
            return mail.domains().stream().map(Domain::asString).collect(Collectors.toList());
        }

        public int getRecipients() {
            return mail.recipients();
        }

        public int getAttempts() {
            return mail.attempts();
        }

        public String getNextAttempt() {
            return mail.nextAttempt().map(Object::toString).orElse(null);
        }

        public String getLastError() {
            return mail.lastError().orElse(null);
        }
    }

    /** The JSON of {@code GET /smtorp/status}. */
    public static final class StatusDto {
        private final OnionServiceStatus status;

        private StatusDto(OnionServiceStatus status) {
            this.status = status;
        }

        static StatusDto of(OnionServiceStatus status) {
            return new StatusDto(status);
        }

        public String getDomain() {
            return status.domain().asString();
        }

        public String getOnion() {
            return status.domain().onion().asString();
        }

        public String getMode() {
            return status.mode().asString();
        }

        public String getState() {
            return status.state().name();
        }

        public String getSince() {
            return status.since().toString();
        }

        public int getBootstrapProgress() {
            return status.bootstrapProgress();
        }

        public String getDetail() {
            return status.detail().orElse(null);
        }
    }
}
