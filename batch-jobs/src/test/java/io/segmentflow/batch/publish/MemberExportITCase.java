package io.segmentflow.batch.publish;

import static org.apache.spark.sql.functions.spark_partition_id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.batch.SparkTestSession;
import io.segmentflow.batch.TestLakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemberExportITCase {

  private static final List<String> COLUMNS =
      List.of("email", "first_name", "last_name", "city", "tags", "entered_at", "reason");

  @TempDir Path directory;

  private final SparkSession spark = SparkTestSession.get();
  private final TestLakehouse data = TestLakehouse.get();

  @Test
  void csvHoldsEveryMemberOfTheSegmentInContactOrder() throws IOException {
    MemberExport export = MemberExport.prepare(spark, data.lakehouse(), "vip", COLUMNS);
    Path file = directory.resolve("vip.csv");

    long rows = export.writeTo(file, MemberExport.Format.CSV, Progress.NONE);

    assertThat(rows).isEqualTo(export.members()).isEqualTo(data.members("vip").size());
    List<CSVRecord> records;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser =
            CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
      assertThat(parser.getHeaderNames())
          .containsExactly(
              "contact_id",
              "email",
              "first_name",
              "last_name",
              "city",
              "tags",
              "entered_at",
              "reason");
      records = parser.getRecords();
    }
    assertThat(records.stream().map(r -> r.get("contact_id")))
        .containsExactlyElementsOf(data.members("vip"));
    Map<String, CSVRecord> byId =
        records.stream().collect(Collectors.toMap(r -> r.get("contact_id"), r -> r));
    CSVRecord awkward = byId.get("c-awkward-quotes");
    assertThat(awkward.get("first_name")).isEqualTo("Smith, \"Bob\"");
    assertThat(awkward.get("last_name")).isEqualTo("Line one\nLine two");
    assertThat(awkward.get("city")).isEqualTo("Zürich 東京 🎉");
    assertThat(awkward.get("tags")).isEqualTo("[\"vip\",\"b2b\"]");
    assertThat(awkward.get("email")).isEqualTo("bob@example.com");
    TestLakehouse.Member member =
        data.members().stream()
            .filter(m -> m.segmentId().equals("vip") && m.contactId().equals("c-awkward-quotes"))
            .findFirst()
            .orElseThrow();
    assertThat(awkward.get("entered_at")).isEqualTo(member.enteredAt().toString());
    assertThat(awkward.get("reason")).isEqualTo("FILTER");
    assertThat(byId.get("c-anonymous-optout").get("email")).isEmpty();
  }

  @Test
  void xlsxHoldsEveryMemberOfTheSegment() throws IOException {
    MemberExport export =
        MemberExport.prepare(
            spark, data.lakehouse(), "newsletter", List.of("email", "contactable"));
    Path file = directory.resolve("exports/newsletter.xlsx");

    long rows = export.writeTo(file, MemberExport.Format.XLSX, Progress.NONE);

    assertThat(rows).isEqualTo(data.members("newsletter").size());
    try (InputStream in = Files.newInputStream(file);
        XSSFWorkbook workbook = new XSSFWorkbook(in)) {
      Sheet sheet = workbook.getSheet("newsletter");
      assertThat(sheet.getLastRowNum()).isEqualTo(rows);
      List<String> ids = new ArrayList<>();
      for (int r = 1; r <= rows; r++) {
        ids.add(sheet.getRow(r).getCell(0).getStringCellValue());
      }
      assertThat(ids).containsExactlyElementsOf(data.members("newsletter"));
    }
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void rowsComeInContactOrderAcrossRangePartitions() {
    MemberExport export = MemberExport.prepare(spark, data.lakehouse(), "newsletter", List.of());

    Iterator<Row> rows =
        export.inContactOrder(7).withColumn("partition", spark_partition_id()).toLocalIterator();

    List<String> ids = new ArrayList<>();
    Set<Integer> partitions = new HashSet<>();
    rows.forEachRemaining(
        row -> {
          ids.add(row.getString(0));
          partitions.add(row.getInt(1));
        });
    assertThat(partitions).hasSizeGreaterThan(1);
    assertThat(ids).containsExactlyElementsOf(data.members("newsletter"));
  }

  @Test
  void aMissingTableSaysWhichAndWhatToDo() {
    Lakehouse empty = new Lakehouse(directory.resolve("nothing-here").toString());

    assertThatThrownBy(() -> MemberExport.prepare(spark, empty, "vip", List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "no Delta table at "
                + empty.path(Lakehouse.Table.MEMBERSHIPS)
                + ": the memberships table is missing. Check --lakehouse, or run the job that"
                + " writes it first");
  }
}
