package io.segmentflow.segments.eval;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.model.DerivedField;
import io.segmentflow.segments.model.ValuePredicate;

/** The semantics of the {@link DerivedField}s that need no events. */
public final class DerivedFields {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final String UNKNOWN_REGION = "ZZ";
  private static final String NON_GEOGRAPHIC = "001";

  private DerivedFields() {}

  /**
   * The ISO 3166-1 country of a phone number's international prefix, by libphonenumber: the
   * number's own region when it is a valid number (+1 416 gives CA), else the main region of its
   * country calling code when the number is possible (+1 and any possible number gives US); null
   * for a missing phone, one without + or 00, an impossible number, or a non-geographic code.
   */
  public static String phoneCountry(String phone) {
    if (phone == null) {
      return null;
    }
    String trimmed = phone.strip();
    String international = trimmed.startsWith("00") ? "+" + trimmed.substring(2) : trimmed;
    if (!international.startsWith("+")) {
      return null;
    }
    try {
      PhoneNumber number = PHONES.parse(international, UNKNOWN_REGION);
      if (!PHONES.isPossibleNumber(number)) {
        return null;
      }
      String region = PHONES.getRegionCodeForNumber(number);
      if (region == null) {
        region = PHONES.getRegionCodeForCountryCode(number.getCountryCode());
      }
      return UNKNOWN_REGION.equals(region) || NON_GEOGRAPHIC.equals(region) ? null : region;
    } catch (NumberParseException e) {
      return null;
    }
  }

  /** A contact is identified when it has a non-blank email or phone; otherwise anonymous. */
  public static boolean identified(Contact contact) {
    return !isBlank(contact.email()) || !isBlank(contact.phone());
  }

  private static boolean isBlank(String text) {
    return new ValuePredicate.IsEmpty().test(text, null);
  }
}
