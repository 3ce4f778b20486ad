package io.segmentflow.segments.generate;

import io.segmentflow.segments.data.AvroRecords;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.JsonRecords;
import io.segmentflow.segments.data.ListAction;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes a data set to a folder as four files, {@code contacts}, {@code companies}, {@code events}
 * and {@code list_actions}, each in JSON Lines ({@link JsonRecords}) or as an Avro object container
 * file of the records in {@code schemas/}. Streams: one contact's data at a time is in memory.
 */
public final class SampleDataWriter {

  public enum Format {
    JSONL("jsonl"),
    AVRO("avro");

    private final String extension;

    Format(String extension) {
      this.extension = extension;
    }

    /** The file extension, also the format's name on the command line. */
    public String extension() {
      return extension;
    }
  }

  /** How many records were written to each file. */
  public record Counts(long contacts, long companies, long events, long listActions) {}

  private SampleDataWriter() {}

  /** Writes the companies, then the contacts with their events and list actions. */
  public static Counts write(
      Stream<ContactData> contacts, Stream<Company> companies, Path directory, Format format)
      throws IOException {
    Files.createDirectories(directory);
    long contactCount = 0;
    long companyCount = 0;
    long eventCount = 0;
    long listActionCount = 0;
    try (DataSetFiles files =
        format == Format.JSONL ? new JsonLinesFiles(directory) : new AvroFiles(directory)) {
      for (Iterator<Company> it = companies.iterator(); it.hasNext(); ) {
        files.write(it.next());
        companyCount++;
      }
      for (Iterator<ContactData> it = contacts.iterator(); it.hasNext(); ) {
        ContactData data = it.next();
        files.write(data.contact());
        for (Event event : data.events()) {
          files.write(event);
        }
        for (ListAction action : data.listActions()) {
          files.write(action);
        }
        contactCount++;
        eventCount += data.events().size();
        listActionCount += data.listActions().size();
      }
    }
    return new Counts(contactCount, companyCount, eventCount, listActionCount);
  }

  /** The four files of a data set, open for appending. */
  private interface DataSetFiles extends Closeable {
    void write(Contact contact) throws IOException;

    void write(Company company) throws IOException;

    void write(Event event) throws IOException;

    void write(ListAction action) throws IOException;
  }

  /** Closes every file even when closing one fails, and reports the first failure. */
  private static void closeAll(List<? extends Closeable> files) throws IOException {
    IOException failure = null;
    for (Closeable file : files) {
      try {
        file.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static final class JsonLinesFiles implements DataSetFiles {
    private final List<JsonRecords.LineWriter> opened = new ArrayList<>();
    private final JsonRecords.LineWriter contacts;
    private final JsonRecords.LineWriter companies;
    private final JsonRecords.LineWriter events;
    private final JsonRecords.LineWriter listActions;

    JsonLinesFiles(Path directory) throws IOException {
      try {
        contacts = open(directory, "contacts");
        companies = open(directory, "companies");
        events = open(directory, "events");
        listActions = open(directory, "list_actions");
      } catch (IOException e) {
        close();
        throw e;
      }
    }

    private JsonRecords.LineWriter open(Path directory, String name) throws IOException {
      Path file = directory.resolve(name + "." + Format.JSONL.extension());
      JsonRecords.LineWriter writer =
          JsonRecords.lineWriter(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
      opened.add(writer);
      return writer;
    }

    @Override
    public void write(Contact contact) throws IOException {
      contacts.write(contact);
    }

    @Override
    public void write(Company company) throws IOException {
      companies.write(company);
    }

    @Override
    public void write(Event event) throws IOException {
      events.write(event);
    }

    @Override
    public void write(ListAction action) throws IOException {
      listActions.write(action);
    }

    @Override
    public void close() throws IOException {
      closeAll(opened);
    }
  }

  private static final class AvroFiles implements DataSetFiles {
    private final List<DataFileWriter<?>> opened = new ArrayList<>();
    private final DataFileWriter<io.segmentflow.schemas.Contact> contacts;
    private final DataFileWriter<io.segmentflow.schemas.Company> companies;
    private final DataFileWriter<io.segmentflow.schemas.Event> events;
    private final DataFileWriter<io.segmentflow.schemas.ListAction> listActions;

    AvroFiles(Path directory) throws IOException {
      try {
        contacts = open(directory, "contacts", io.segmentflow.schemas.Contact.getClassSchema());
        companies = open(directory, "companies", io.segmentflow.schemas.Company.getClassSchema());
        events = open(directory, "events", io.segmentflow.schemas.Event.getClassSchema());
        listActions =
            open(directory, "list_actions", io.segmentflow.schemas.ListAction.getClassSchema());
      } catch (IOException e) {
        close();
        throw e;
      }
    }

    private <T extends SpecificRecord> DataFileWriter<T> open(
        Path directory, String name, Schema schema) throws IOException {
      Path file = directory.resolve(name + "." + Format.AVRO.extension());
      DataFileWriter<T> writer = new DataFileWriter<>(new SpecificDatumWriter<>(schema));
      // the fastest deflate level: about 20% slower to write than no codec, files 5 times smaller
      writer.setCodec(CodecFactory.deflateCodec(1));
      opened.add(writer);
      return writer.create(schema, file.toFile());
    }

    @Override
    public void write(Contact contact) throws IOException {
      contacts.append(AvroRecords.toAvro(contact));
    }

    @Override
    public void write(Company company) throws IOException {
      companies.append(AvroRecords.toAvro(company));
    }

    @Override
    public void write(Event event) throws IOException {
      events.append(AvroRecords.toAvro(event));
    }

    @Override
    public void write(ListAction action) throws IOException {
      listActions.append(AvroRecords.toAvro(action));
    }

    @Override
    public void close() throws IOException {
      closeAll(opened);
    }
  }
}
