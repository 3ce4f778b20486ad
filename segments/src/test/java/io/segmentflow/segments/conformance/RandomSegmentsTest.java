package io.segmentflow.segments.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.segments.parse.DefinitionSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The generated definitions are always valid, so differential tests never start from a typo. */
class RandomSegmentsTest {

  @Property(tries = 200)
  void generatedDefinitionsAlwaysValidate(@ForAll long seed) {
    DefinitionSet set =
        DefinitionSet.of(ConformanceCases.CATALOG, RandomSegments.generate(seed, 15));
    assertThat(set.inEvaluationOrder()).hasSize(17);
  }

  @Property(tries = 50)
  void generatedContactsEvaluateWithoutError(@ForAll long seed) {
    DefinitionSet set =
        DefinitionSet.of(ConformanceCases.CATALOG, RandomSegments.generate(seed, 15));
    var members =
        DifferentialCheck.reference(
            set, RandomContacts.generate(seed, 30, 15), RandomContacts.AS_OF);
    assertThat(members).hasSize(17);
  }
}
