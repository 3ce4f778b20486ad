package io.segmentflow.segments.model;

import java.io.Serializable;

/**
 * A resolved reference to something known about a contact. {@code path} is how definitions name it:
 * {@code country}, {@code company.size}, {@code custom.birthday}, {@code company.custom.tier},
 * {@code phone_country}.
 */
public record FieldRef(String path, Scope scope, String name, ValueType type)
    implements Serializable {

  public enum Scope {
    /** A standard contact column. */
    CONTACT,
    /** A standard column of the contact's company; missing when the contact has none. */
    COMPANY,
    /** A custom field of the contact, declared in the catalog. */
    CONTACT_CUSTOM,
    /** A custom field of the contact's company, declared in the catalog. */
    COMPANY_CUSTOM,
    /** Computed by the core from other values: see {@link DerivedField}. */
    DERIVED
  }
}
