package org.scholion.devstack.lti;

/**
 * One message the platform's storage frame received (LTI Client Side postMessages), as the frame reported it.
 *
 * @param subject {@code lti.put_data}, {@code lti.get_data}, …
 * @param origin the sender's origin ({@code event.origin})
 * @param key the message's key, or null
 * @param value what was stored (put_data) or answered (get_data); null if nothing
 * @param accepted false if the frame refused it: another origin than the registered tool's (no answer), or a
 *     message it could not serve (answered with an error)
 */
public record StorageMessage(String subject, String origin, String key, String value, boolean accepted) {
}
