package io.segmentflow.streaming.evaluate;

import io.segmentflow.streaming.input.Input;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by company: remembers each company's latest record and the contacts that named it, and
 * sends a company's update to each of its contacts (and the company to a contact that joins it), so
 * the contact-keyed evaluator sees company fields without a lookup.
 */
public final class CompanyJoin extends KeyedProcessFunction<String, Input, Input> {

  private transient ValueState<Input> company;
  private transient MapState<String, Boolean> contacts;

  @Override
  public void open(OpenContext openContext) {
    company =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("company", TypeInformation.of(Input.class)));
    contacts =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "contacts", BasicTypeInfo.STRING_TYPE_INFO, BasicTypeInfo.BOOLEAN_TYPE_INFO));
  }

  @Override
  public void processElement(Input input, Context context, Collector<Input> out) throws Exception {
    if (input.kind() == Input.Kind.CONTACT) {
      contacts.put(input.key(), true);
      out.collect(input);
      Input known = company.value();
      if (known != null) {
        out.collect(known.forContact(input.key()));
      }
      return;
    }
    Input known = company.value();
    if (known == null || known.time() <= input.time()) {
      company.update(input);
      for (String contactId : contacts.keys()) {
        out.collect(input.forContact(contactId));
      }
    }
  }
}
