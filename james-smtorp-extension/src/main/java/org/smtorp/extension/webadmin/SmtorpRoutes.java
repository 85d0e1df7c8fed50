/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.webadmin;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.smtorp.extension.lifecycle.OnionServiceLifecycle;
import org.smtorp.extension.lifecycle.OnionServiceStatus;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.MailtoUri;
import org.smtorp.protocol.address.SmtorpAddress;
import org.smtorp.protocol.qr.QrCode;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes ({@code extensions.routes} in {@code webadmin.properties}):
 * {@code GET /smtorp/status} and {@code GET /smtorp/address/{user}} as text,
 * {@code ?format=mailto} or {@code ?format=qr} (a PNG).
 */
public final class SmtorpRoutes implements Routes {
    static final String BASE = "/smtorp";

    private final OnionServiceLifecycle onionService;
    private final JsonTransformer json = new JsonTransformer();

    @Inject
    public SmtorpRoutes(OnionServiceLifecycle onionService) {
        this.onionService = onionService;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE + "/status", (request, response) -> StatusDto.of(onionService.status()), json);
        service.get(BASE + "/address/:user", this::address);
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
