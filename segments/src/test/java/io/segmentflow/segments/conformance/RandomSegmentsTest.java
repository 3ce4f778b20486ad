package io.segmentflow.segments.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.segments.parse.DefinitionSet;
import org.junit.jupiter.api.Test;

/** The generated definitions are always valid, so differential tests never start from a typo. */
class RandomSegmentsTest {

  @Test
  void generatedDefinitionsAlwaysValidate() {
    Seeds.first(200)
        .forEach(
            seed -> {
              DefinitionSet set =
                  DefinitionSet.of(ConformanceCases.CATALOG, RandomSegments.generate(seed, 15));
              assertThat(set.inEvaluationOrder()).as("seed %d", seed).hasSize(17);
            });
  }

  @Test
  void generatedContactsEvaluateWithoutError() {
    Seeds.first(50)
        .forEach(
            seed -> {
              DefinitionSet set =
                  DefinitionSet.of(ConformanceCases.CATALOG, RandomSegments.generate(seed, 15));
              var members =
                  DifferentialCheck.reference(
                      set, RandomContacts.generate(seed, 30, 15), RandomContacts.AS_OF);
              assertThat(members).as("seed %d", seed).hasSize(17);
            });
  }
}
