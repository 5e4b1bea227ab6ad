package org.scholion.web;

import jakarta.ws.rs.container.ContainerResponseContext;
import java.lang.reflect.Method;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * What a {@link Retiring} operation tells every caller, on every answer, errors included: RFC 9745
 * §2.1 "Deprecation = Date", a Structured Field Date ({@code @} and seconds since the epoch), RFC
 * 8594 §3 "Sunset = HTTP-date", and RFC 9745 §3 the {@code deprecation} link relation. The headers
 * are worked out once per operation; on every other operation the filter costs a look at the
 * method's annotations (the framework keeps the {@link Method} of each operation, the JDK its
 * annotations).
 */
public class DeprecationHeaders {
    private final Map<Method, Headers> byMethod = new ConcurrentHashMap<>();

    record Headers(String deprecation, String sunset, String link) {
        static Headers of(Retiring r) {
            ZonedDateTime deprecated = LocalDate.parse(r.deprecated()).atStartOfDay(ZoneOffset.UTC);
            ZonedDateTime sunset = LocalDate.parse(r.sunset()).atStartOfDay(ZoneOffset.UTC);
            if (sunset.isBefore(deprecated)) {
                // RFC 9745 §5: a Sunset earlier than the Deprecation date is a contradiction
                throw new IllegalStateException("@Retiring: sunset " + r.sunset() + " is before deprecated " + r.deprecated());
            }
            return new Headers("@" + deprecated.toEpochSecond(), DateTimeFormatter.RFC_1123_DATE_TIME.format(sunset),
                    "<" + r.link() + ">; rel=\"deprecation\"; type=\"text/html\"");
        }
    }

    @ServerResponseFilter
    public void tell(ResourceInfo resource, ContainerResponseContext response) {
        Method method = resource == null ? null : resource.getResourceMethod();
        Retiring retiring = method == null ? null : method.getAnnotation(Retiring.class);
        if (retiring == null) {
            return;
        }
        Headers h = byMethod.computeIfAbsent(method, m -> Headers.of(retiring));
        response.getHeaders().putSingle("Deprecation", h.deprecation());
        response.getHeaders().putSingle("Sunset", h.sunset());
        response.getHeaders().add("Link", h.link());
    }
}
