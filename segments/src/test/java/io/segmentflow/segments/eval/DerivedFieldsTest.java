package io.segmentflow.segments.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.segments.data.Contact;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DerivedFieldsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "none",
      value = {
        "+33 6 12 34 56 78, FR",
        "0033612345678, FR",
        "+44 20 7946 0958, GB",
        "+44 7911 123456, GG",
        "+49 30 901820, DE",
        "+1 416-967-1111, CA",
        "+1 (212) 736-5000, US",
        "+81 3-1234-5678, JP",
        "+55 11 91234-5678, BR",
        "06 12 34 56 78, none",
        "+33 1, none",
        "+800 1234 5678, none",
        "not a phone, none"
      })
  void phoneCountryComesFromTheInternationalPrefix(String phone, String country) {
    assertThat(DerivedFields.phoneCountry(phone)).isEqualTo(country);
  }

  @ParameterizedTest(name = "email={0} phone={1} -> {2}")
  @CsvSource(
      nullValues = "none",
      value = {
        "a@x.io, none, true",
        "none, +33612345678, true",
        "'  ', none, false",
        "none, none, false"
      })
  void identifiedMeansANonBlankEmailOrPhone(String email, String phone, boolean identified) {
    Contact contact = Contact.builder("c").email(email).phone(phone).build();
    assertThat(DerivedFields.identified(contact)).isEqualTo(identified);
  }
}
