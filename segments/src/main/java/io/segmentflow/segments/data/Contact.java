package io.segmentflow.segments.data;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A contact's profile as the core sees it, engine-neutral. Custom field values are the Java types
 * of {@link io.segmentflow.segments.model.ValueType} (see {@link Values}).
 */
public record Contact(
    String contactId,
    String email,
    String phone,
    String firstName,
    String lastName,
    String country,
    String language,
    String city,
    Instant createdAt,
    Instant updatedAt,
    List<String> tags,
    String companyId,
    boolean unsubscribed,
    Boolean marketingConsent,
    Map<String, Object> customFields) {

  public Contact {
    tags = tags == null ? List.of() : List.copyOf(tags);
    customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
  }

  /**
   * The value of a standard field, by its name in {@link io.segmentflow.segments.catalog.Catalog}.
   */
  public Object standardField(String name) {
    return switch (name) {
      case "contact_id" -> contactId;
      case "email" -> email;
      case "phone" -> phone;
      case "first_name" -> firstName;
      case "last_name" -> lastName;
      case "country" -> country;
      case "language" -> language;
      case "city" -> city;
      case "created_at" -> createdAt;
      case "updated_at" -> updatedAt;
      case "company_id" -> companyId;
      case "unsubscribed" -> unsubscribed;
      case "marketing_consent" -> marketingConsent;
      default -> throw new IllegalArgumentException("not a standard contact field: " + name);
    };
  }

  public static Builder builder(String contactId) {
    return new Builder(contactId);
  }

  /** Builds contacts in tests and generators; unset values are missing. */
  public static final class Builder {
    private final String contactId;
    private String email;
    private String phone;
    private String firstName;
    private String lastName;
    private String country;
    private String language;
    private String city;
    private Instant createdAt = Instant.EPOCH;
    private Instant updatedAt = Instant.EPOCH;
    private List<String> tags = List.of();
    private String companyId;
    private boolean unsubscribed;
    private Boolean marketingConsent;
    private Map<String, Object> customFields = Map.of();

    private Builder(String contactId) {
      this.contactId = contactId;
    }

    public Builder email(String email) {
      this.email = email;
      return this;
    }

    public Builder phone(String phone) {
      this.phone = phone;
      return this;
    }

    public Builder firstName(String firstName) {
      this.firstName = firstName;
      return this;
    }

    public Builder lastName(String lastName) {
      this.lastName = lastName;
      return this;
    }

    public Builder country(String country) {
      this.country = country;
      return this;
    }

    public Builder language(String language) {
      this.language = language;
      return this;
    }

    public Builder city(String city) {
      this.city = city;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    public Builder tags(String... tags) {
      this.tags = List.of(tags);
      return this;
    }

    public Builder tags(List<String> tags) {
      this.tags = tags;
      return this;
    }

    public Builder companyId(String companyId) {
      this.companyId = companyId;
      return this;
    }

    public Builder unsubscribed(boolean unsubscribed) {
      this.unsubscribed = unsubscribed;
      return this;
    }

    public Builder marketingConsent(Boolean marketingConsent) {
      this.marketingConsent = marketingConsent;
      return this;
    }

    public Builder customFields(Map<String, Object> customFields) {
      this.customFields = customFields;
      return this;
    }

    public Contact build() {
      return new Contact(
          contactId,
          email,
          phone,
          firstName,
          lastName,
          country,
          language,
          city,
          createdAt,
          updatedAt,
          tags,
          companyId,
          unsubscribed,
          marketingConsent,
          customFields);
    }
  }
}
