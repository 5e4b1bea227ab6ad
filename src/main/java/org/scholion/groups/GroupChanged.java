package org.scholion.groups;

import java.util.UUID;

/** Fired inside the transaction of every audited group change (membership, roles, archiving, ...). */
public record GroupChanged(UUID groupId, String action) {
}
