package se.peppolgw.ap.ops.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvTest {
  @Test
  void plainValuesStayAsTheyAre() {
    assertEquals("INV-2026-0042", Csv.cell("INV-2026-0042"));
    assertEquals("", Csv.cell(null));
    assertEquals("42", Csv.cell(42));
  }

  @Test
  void separatorsQuotesAndLineBreaksAreQuoted() {
    assertEquals("\"a,b\"", Csv.cell("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", Csv.cell("say \"hi\""));
    assertEquals("\"one\ntwo\"", Csv.cell("one\ntwo"));
    assertEquals("\"one\rtwo\"", Csv.cell("one\rtwo"));
  }

  @Test
  void cellsAFormulaCouldStartWithAreGuarded() {
    assertEquals("'=1+1", Csv.cell("=1+1"));
    assertEquals("'+46701234567", Csv.cell("+46701234567"));
    assertEquals("'-2", Csv.cell("-2"));
    assertEquals("'@SUM(A1)", Csv.cell("@SUM(A1)"));
    assertEquals("'\tx", Csv.cell("\tx"));
    assertEquals("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", Csv.cell("=HYPERLINK(\"http://x\",\"y\")"));
    assertEquals("a=b", Csv.cell("a=b"), "only the first character matters");
  }
}
