package io.segmentflow.batch.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The export's file formats and columns, without Spark: rows are given as an iterator. */
class ExportFormatsTest {

  private static final List<String> HEADER =
      List.of("contact_id", "first_name", "last_name", "city", "entered_at", "contactable");
  private static final Instant ENTERED = Instant.parse("2026-11-21T23:15:30.250Z");

  private static List<Row> awkwardRows() {
    return List.of(
        RowFactory.create(
            "c-1",
            "Smith, \"Bob\"",
            "Line one\nLine two",
            "Zürich 東京 🎉",
            Timestamp.from(ENTERED),
            true),
        RowFactory.create("c-2", null, "", " leading space", ENTERED, false),
        RowFactory.create("c-3", "=HYPERLINK(\"http://x\")", "a\r\nb", "x;y", null, null));
  }

  @Test
  void csvIsRfc4180WithAHeaderAndKeepsCommasQuotesLineBreaksAndUnicode() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Long> reported = new ArrayList<>();

    long rows = MemberExport.writeCsv(awkwardRows().iterator(), HEADER, out, reported::add);

    assertThat(rows).isEqualTo(3);
    assertThat(reported).containsExactly(3L);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .startsWith("contact_id,first_name,last_name,city,entered_at,contactable\r\n")
        .contains("\"Smith, \"\"Bob\"\"\"")
        .doesNotStartWith("\uFEFF");
    List<CSVRecord> records = read(out.toByteArray());
    assertThat(records).hasSize(3);
    assertThat(records.get(0).toList())
        .containsExactly(
            "c-1",
            "Smith, \"Bob\"",
            "Line one\nLine two",
            "Zürich 東京 🎉",
            ENTERED.toString(),
            "true");
    assertThat(records.get(1).toList())
        .containsExactly("c-2", "", "", " leading space", "2026-11-21T23:15:30.250Z", "false");
    assertThat(records.get(2).toList())
        .containsExactly("c-3", "=HYPERLINK(\"http://x\")", "a\r\nb", "x;y", "", "");
  }

  @Test
  void xlsxHasOneSheetNamedAfterTheSegmentWithTypedCells() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    long rows = MemberExport.writeXlsx(awkwardRows().iterator(), HEADER, "vip", out, done -> {});

    assertThat(rows).isEqualTo(3);
    try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
      assertThat(workbook.getNumberOfSheets()).isEqualTo(1);
      Sheet sheet = workbook.getSheet("vip");
      assertThat(sheet.getLastRowNum()).isEqualTo(3);
      assertThat(texts(sheet, 0, HEADER.size())).containsExactlyElementsOf(HEADER);
      assertThat(
              workbook
                  .getFontAt(sheet.getRow(0).getCell(0).getCellStyle().getFontIndex())
                  .getBold())
          .isTrue();
      assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
      assertThat(sheet.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 1);
      assertThat(texts(sheet, 1, 4))
          .containsExactly("c-1", "Smith, \"Bob\"", "Line one\nLine two", "Zürich 東京 🎉");
      Cell entered = sheet.getRow(1).getCell(4);
      assertThat(entered.getCellType()).isEqualTo(CellType.NUMERIC);
      assertThat(entered.getLocalDateTimeCellValue())
          .isEqualTo(LocalDateTime.parse("2026-11-21T23:15:30.250"));
      assertThat(entered.getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd hh:mm:ss");
      assertThat(sheet.getRow(1).getCell(5).getBooleanCellValue()).isTrue();
      assertThat(sheet.getRow(2).getCell(5).getBooleanCellValue()).isFalse();
      Cell formulaLike = sheet.getRow(3).getCell(1);
      assertThat(formulaLike.getCellType()).isEqualTo(CellType.STRING);
      assertThat(formulaLike.getStringCellValue()).isEqualTo("=HYPERLINK(\"http://x\")");
      assertThat(sheet.getRow(3).getCell(4)).isNull();
    }
  }

  @Test
  void reportsProgressEveryThousandRowsAndAtTheEnd() throws IOException {
    List<Long> csv = new ArrayList<>();
    List<Long> xlsx = new ArrayList<>();

    MemberExport.writeCsv(
        rows(2_500), List.of("contact_id"), new ByteArrayOutputStream(), csv::add);
    MemberExport.writeXlsx(
        rows(2_500), List.of("contact_id"), "big", new ByteArrayOutputStream(), xlsx::add);

    assertThat(csv).containsExactly(1_000L, 2_000L, 2_500L);
    assertThat(xlsx).containsExactly(1_000L, 2_000L, 2_500L);
  }

  @Test
  void headerPutsContactIdFirstAndEachColumnOnce() {
    assertThat(MemberExport.header(List.of("email", "contact_id", " reason", "email", "tags")))
        .containsExactly("contact_id", "email", "reason", "tags");
    assertThat(MemberExport.header(List.of())).containsExactly("contact_id");
  }

  @Test
  void anUnknownColumnNamesTheValidOnes() {
    assertThatThrownBy(() -> MemberExport.header(List.of("email", "emial")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown column 'emial': choose among contact_id, email, phone, first_name, last_name,"
                + " country, language, city, created_at, updated_at, tags, company_id,"
                + " unsubscribed, marketing_consent, custom_fields, entered_at, reason,"
                + " contactable, identified (contact_id always comes first)");
  }

  @Test
  void formatsAreNamedOrTakenFromTheFileName() {
    assertThat(MemberExport.Format.of("XLSX")).isEqualTo(MemberExport.Format.XLSX);
    assertThat(MemberExport.Format.ofFile(Path.of("out/Members.CSV")))
        .contains(MemberExport.Format.CSV);
    assertThat(MemberExport.Format.ofFile(Path.of("members.txt"))).isEmpty();
    assertThatThrownBy(() -> MemberExport.Format.of("xls"))
        .hasMessage("unknown format 'xls': use csv or xlsx");
  }

  @Test
  void sheetNamesKeepExcelsThirtyOneCharacters() {
    assertThat(MemberExport.sheetName("a".repeat(64))).hasSize(31);
    assertThat(MemberExport.sheetName("vip")).isEqualTo("vip");
  }

  private static Iterator<Row> rows(int count) {
    return IntStream.range(0, count).mapToObj(i -> (Row) RowFactory.create("c-" + i)).iterator();
  }

  private static List<CSVRecord> read(byte[] csv) throws IOException {
    try (CSVParser parser =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new InputStreamReader(new ByteArrayInputStream(csv), StandardCharsets.UTF_8))) {
      return parser.getRecords();
    }
  }

  private static List<String> texts(Sheet sheet, int row, int cells) {
    List<String> texts = new ArrayList<>();
    for (int c = 0; c < cells; c++) {
      texts.add(sheet.getRow(row).getCell(c).getStringCellValue());
    }
    return texts;
  }
}
