package io.segmentflow.segments.parse;

import static io.segmentflow.segments.conformance.ConformanceCases.dynamic;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.model.ValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionSetTest {

  private static DefinitionSet.Validation check(String... documents) {
    DefinitionParser parser = new DefinitionParser(Catalog.standard());
    Map<String, String> bySource = new LinkedHashMap<>();
    for (int i = 0; i < documents.length; i++) {
      bySource.put("d" + i + ".json", documents[i]);
    }
    List<ParsedDefinition> parsed =
        bySource.entrySet().stream()
            .map(e -> parser.parse(e.getKey(), e.getValue()).orThrow())
            .toList();
    return DefinitionSet.check(Catalog.standard(), parsed);
  }

  @Test
  void rejectsACycleNamingEverySegmentInIt() {
    var validation =
        check(
            dynamic("a", "{\"in_segment\":\"b\"}"),
            dynamic(
                "b",
                "{\"all\":[{\"field\":\"city\",\"op\":\"empty\"},{\"not_in_segment\":\"c\"}]}"),
            dynamic("c", "{\"in_segment\":\"a\"}"));
    assertThat(validation.set()).isEmpty();
    assertThat(validation.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.source()).isEqualTo("d0.json");
              assertThat(error.path()).isEqualTo("$.filter.in_segment");
              assertThat(error.message())
                  .startsWith("segments refer to each other in a cycle: a -> b -> c -> a.");
            });
  }

  @Test
  void rejectsASegmentThatRefersToItself() {
    assertThat(check(dynamic("a", "{\"not_in_segment\":\"a\"}")).errors())
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("cycle: a -> a"));
  }

  @Test
  void acceptsADiamondAndOrdersDependenciesFirst() {
    var set =
        check(
                dynamic("top", "{\"any\":[{\"in_segment\":\"left\"},{\"in_segment\":\"right\"}]}"),
                dynamic("right", "{\"in_segment\":\"base\"}"),
                dynamic("left", "{\"in_segment\":\"base\"}"),
                dynamic("base", "{\"field\":\"city\",\"op\":\"empty\"}"))
            .orThrow();
    assertThat(set.inEvaluationOrder())
        .extracting(SegmentDefinition::id)
        .containsExactly("base", "left", "right", "top");
  }

  @Test
  void rejectsAReferenceToAMissingSegmentWithTheClosestId() {
    var validation =
        check(
            "{\"id\":\"customers\",\"name\":\"Customers\",\"kind\":\"static\"}",
            dynamic(
                "prospects",
                "{\"all\":[{\"event\":\"webinar_attended\"},{\"not_in_segment\":\"customer\"}]}"));
    assertThat(validation.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.toString())
                  .isEqualTo(
                      "d1.json: $.filter.all[1].not_in_segment: refers to segment"
                          + " 'customer', which is not defined. Did you mean 'customers'?");
            });
  }

  @Test
  void rejectsADuplicateId() {
    var validation =
        check(
            "{\"id\":\"vip\",\"name\":\"VIP\",\"kind\":\"static\"}",
            "{\"id\":\"vip\",\"name\":\"VIP again\",\"kind\":\"static\"}");
    assertThat(validation.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.source()).isEqualTo("d1.json");
              assertThat(error.path()).isEqualTo("$.id");
              assertThat(error.message())
                  .isEqualTo("segment id 'vip' is already defined in d0.json: ids must be unique");
            });
  }

  @Test
  void hashesTheCanonicalJsonSoKeyOrderAndSpacingDoNotMatter() {
    var one = check("{\"id\":\"vip\",\"name\":\"VIP\",\"kind\":\"static\"}").orThrow();
    var same = check("{ \"kind\": \"static\",\n \"name\": \"VIP\", \"id\": \"vip\" }").orThrow();
    var other = check("{\"id\":\"vip\",\"name\":\"VIPs\",\"kind\":\"static\"}").orThrow();
    assertThat(one.sha256("vip"))
        .hasSize(64)
        .isEqualTo(same.sha256("vip"))
        .isNotEqualTo(other.sha256("vip"));
  }

  @Test
  void theCanonicalJsonOfAYamlDefinitionIsTheSameDefinition() {
    String yaml =
        "id: birthday\nname: Birthday today\nkind: dynamic\ntime_zone: Europe/Paris\n"
            + "filter: {all: [{field: city, op: eq, value: Paris}, {event: email_open}]}\n";
    DefinitionSet fromYaml = DefinitionSet.of(Catalog.standard(), Map.of("b.yaml", yaml));
    String json = fromYaml.canonicalJson("birthday");
    DefinitionSet fromJson = DefinitionSet.of(Catalog.standard(), Map.of("b.json", json));
    assertThat(json).startsWith("{\"filter\":");
    assertThat(fromJson.get("birthday")).isEqualTo(fromYaml.get("birthday"));
    assertThat(fromJson.sha256("birthday")).isEqualTo(fromYaml.sha256("birthday"));
  }

  @Test
  void loadsAFolderWithACatalogAndYamlAndReportsFaultsPerFile(@TempDir Path folder)
      throws Exception {
    Files.writeString(
        folder.resolve("catalog.json"),
        "{\"custom_fields\":{\"contact\":{\"birthday\":\"date\"}},"
            + "\"event_types\":{\"trial_started\":{\"plan\":\"text\"}}}");
    Files.createDirectories(folder.resolve("team"));
    Files.writeString(
        folder.resolve("team/birthday.yaml"),
        "id: birthday\nname: Birthday today\nkind: dynamic\ntime_zone: Europe/Paris\n"
            + "filter: {field: custom.birthday, op: anniversary, value: day}\n");
    Files.writeString(
        folder.resolve("trials.json"), dynamic("trials", "{\"event\":\"trial_started\"}"));
    Files.writeString(folder.resolve("README.md"), "not a definition");

    var validation = DefinitionSet.validate(folder);
    assertThat(validation.errors()).isEmpty();
    assertThat(validation.documents()).isEqualTo(2);
    DefinitionSet set = validation.orThrow();
    assertThat(set.catalog().contactCustomFields()).containsEntry("birthday", ValueType.DATE);
    assertThat(set.get("birthday")).isPresent();

    Files.writeString(
        folder.resolve("broken.json"), dynamic("broken", "{\"event\":\"trial_sarted\"}"));
    var broken = DefinitionSet.validate(folder);
    assertThat(broken.set()).isEmpty();
    assertThat(broken.errors())
        .extracting(DefinitionError::toString)
        .containsExactly(
            "broken.json: $.filter.event: unknown event type 'trial_sarted'. Did you mean"
                + " 'trial_started'? Custom event types must be declared in catalog.json");
  }

  @Test
  void reportsFaultsInTheCatalog(@TempDir Path folder) throws Exception {
    Files.writeString(
        folder.resolve("catalog.json"),
        "{\"custom_fields\":{\"contact\":{\"birthday\":\"dat\"}},\"engagment\":{}}");
    var validation = DefinitionSet.validate(folder);
    assertThat(validation.errors())
        .extracting(DefinitionError::toString)
        .containsExactly(
            "catalog.json: $.engagment: unknown key 'engagment'. Did you mean 'engagement'?",
            "catalog.json: $.custom_fields.contact.birthday: unknown type 'dat'. Did you mean 'date'?");
  }

  @Test
  void reportsLooseCatalogValuesAndAMisplacedCatalog(@TempDir Path folder) throws Exception {
    Files.writeString(
        folder.resolve("catalog.json"),
        "{\"event_types\":{\"Trial Started\":{}},\"engagement\":{\"engaged_days\":\"7\",\"disengaged_days\":4000}}");
    Files.createDirectories(folder.resolve("team"));
    Files.writeString(folder.resolve("team/catalog.json"), "{}");
    var validation = DefinitionSet.validate(folder);
    assertThat(validation.errors())
        .extracting(DefinitionError::toString)
        .containsExactly(
            "catalog.json: $.event_types.Trial Started: an event type name is lower-case letters, digits, '-' or '_'",
            "catalog.json: $.engagement.engaged_days: expected a whole number of days, got \"7\"",
            "catalog.json: $.engagement: engagement thresholds must grow within the longest window: 1 <= engaged"
                + " < recent < disengaged <= 3660 days, got 7, 30, 4000",
            "team/catalog.json: $: the catalog is read only at the root of the definitions folder: move it to"
                + " catalog.json");
  }

  @Test
  void documentsNamedAsInAFolderAreCheckedAsTheFolderIs(@TempDir Path folder) throws Exception {
    Files.createDirectories(folder.resolve("team"));
    Files.writeString(folder.resolve("catalog.json"), "{\"engagement\":{\"engaged_days\":3}}");
    Files.writeString(folder.resolve("team/catalog.json"), "{}");
    Files.writeString(folder.resolve("team/b.yaml"), "id: b\nname: B\nkind: static\n");
    Files.writeString(folder.resolve("a.json"), dynamic("a", "{\"in_segment\":\"c\"}"));
    Files.writeString(folder.resolve("README.md"), "not a definition");

    SortedMap<String, String> documents = DefinitionSet.documentsOf(folder);
    assertThat(documents)
        .containsOnlyKeys("a.json", "catalog.json", "team/b.yaml", "team/catalog.json");
    documents.put("notes.txt", "ignored, as in a folder");
    var fromDocuments = DefinitionSet.validate(documents);
    var fromFolder = DefinitionSet.validate(folder);
    assertThat(fromDocuments.errors())
        .extracting(DefinitionError::toString)
        .containsExactly(
            "team/catalog.json: $: the catalog is read only at the root of the definitions folder:"
                + " move it to catalog.json",
            "a.json: $.filter.in_segment: refers to segment 'c', which is not defined. Did you mean"
                + " 'a'?")
        .isEqualTo(fromFolder.errors().stream().map(DefinitionError::toString).toList());
    assertThat(fromDocuments.documents()).isEqualTo(fromFolder.documents()).isEqualTo(2);
  }

  @Test
  void aDraftReplacesTheSegmentOfItsIdAndTheSubsetHoldsWhatItNeeds() {
    DefinitionSet set =
        check(
                dynamic("base", "{\"field\":\"city\",\"op\":\"empty\"}"),
                dynamic("mid", "{\"in_segment\":\"base\"}"),
                dynamic("other", "{\"field\":\"country\",\"op\":\"eq\",\"value\":\"FR\"}"))
            .orThrow();

    DefinitionSet drafted =
        set.withDraft("draft.json", dynamic("mid", "{\"not_in_segment\":\"other\"}"));

    assertThat(drafted.dependenciesOf("mid")).containsExactly("other");
    assertThat(drafted.restrictedTo("mid").inEvaluationOrder())
        .extracting(SegmentDefinition::id)
        .containsExactly("other", "mid");
    assertThat(set.restrictedTo("mid").inEvaluationOrder())
        .extracting(SegmentDefinition::id)
        .containsExactly("base", "mid");
  }

  @Test
  void aDraftThatWouldMakeACycleIsRejected() {
    DefinitionSet set =
        check(
                dynamic("a", "{\"in_segment\":\"b\"}"),
                dynamic("b", "{\"field\":\"city\",\"op\":\"empty\"}"))
            .orThrow();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> set.withDraft("b.json", dynamic("b", "{\"in_segment\":\"a\"}")))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("cycle: a -> b -> a");
  }
}
