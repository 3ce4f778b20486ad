package io.segmentflow.segments.generate;

import java.util.List;

/**
 * What the generator knows of a country: the languages, names, cities, phone formats ({@code #} is
 * a random digit), email domains, company suffixes and currency of its contacts and companies.
 */
record Country(
    String code,
    List<String> languages,
    List<String> firstNames,
    List<String> lastNames,
    List<String> cities,
    List<String> phoneFormats,
    List<String> emailDomains,
    List<String> companySuffixes,
    String currency) {

  /** Where contacts live, weighted by how many do. */
  static final Weighted<Country> ALL =
      new Weighted<Country>()
          .add(
              new Country(
                  "FR",
                  List.of("fr"),
                  List.of("Élodie", "François", "Camille", "Jérôme", "Maëlle", "Chloé", "Thomas"),
                  List.of("Martin", "Lefèvre", "Dubois", "Moreau", "Béranger", "Garçon"),
                  List.of("Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Orléans"),
                  List.of(
                      "+33 6 ## ## ## ##",
                      "00336########",
                      "06 ## ## ## ##",
                      "+33-7-##-##-##-##",
                      "+336########"),
                  List.of("gmail.com", "orange.fr", "free.fr", "laposte.net"),
                  List.of("SAS", "SARL", "SA"),
                  "EUR"),
              22)
          .add(
              new Country(
                  "DE",
                  List.of("de"),
                  List.of("Jürgen", "Lukas", "Sören", "Anna", "Jörg", "Lena", "Günther"),
                  List.of("Müller", "Weiß", "Schröder", "Großmann", "Fischer", "Köhler"),
                  List.of("Berlin", "München", "Köln", "Hamburg", "Düsseldorf"),
                  List.of(
                      "+49 151 ########", "0151 ########", "+49-170-###-####", "0049 160 #######"),
                  List.of("gmx.de", "web.de", "t-online.de", "gmail.com"),
                  List.of("GmbH", "AG"),
                  "EUR"),
              14)
          .add(
              new Country(
                  "GB",
                  List.of("en"),
                  List.of("Oliver", "Amelia", "Harry", "Siobhán", "George", "Isla"),
                  List.of("Smith", "Jones", "O'Brien", "Taylor", "Williams"),
                  List.of("London", "Manchester", "Edinburgh", "Bristol", "Leeds"),
                  List.of(
                      "+44 7911 ######", "07911 ######", "+44 (0)7700 ######", "0044-7###-######"),
                  List.of("gmail.com", "outlook.com", "btinternet.com", "yahoo.co.uk"),
                  List.of("Ltd", "PLC"),
                  "GBP"),
              12)
          .add(
              new Country(
                  "US",
                  List.of("en", "en", "en", "es"),
                  List.of("James", "Emily", "Michael", "Sofía", "Ethan", "Zoë"),
                  List.of("Johnson", "Brown", "García", "Nguyen", "Miller"),
                  List.of("New York", "San Francisco", "Chicago", "Austin", "Seattle"),
                  List.of(
                      "+1 (415) 555-####",
                      "212-555-####",
                      "(646) 555-####",
                      "+1 312 555 ####",
                      "1-206-555-####"),
                  List.of("gmail.com", "yahoo.com", "outlook.com", "icloud.com"),
                  List.of("Inc.", "LLC", "Corp."),
                  "USD"),
              18)
          .add(
              new Country(
                  "CA",
                  List.of("en", "fr"),
                  List.of("Liam", "Chloé", "Noah", "Émilie", "Nathan"),
                  List.of("Tremblay", "Gagnon", "Roy", "Côté", "Wilson"),
                  List.of("Toronto", "Montréal", "Vancouver", "Québec", "Calgary"),
                  List.of("+1 (514) 555-####", "416-555-####", "+1 604 555 ####"),
                  List.of("gmail.com", "videotron.ca", "outlook.com"),
                  List.of("Inc.", "Ltd"),
                  "USD"),
              5)
          .add(
              new Country(
                  "BE",
                  List.of("fr", "nl"),
                  List.of("Lucas", "Louise", "Noé", "Femke", "Wout"),
                  List.of("Peeters", "Janssens", "Maes", "Dubois", "Lambert"),
                  List.of("Bruxelles", "Antwerpen", "Gent", "Liège", "Namur"),
                  List.of("+32 47# ## ## ##", "047# ## ## ##", "0032 49# ## ## ##"),
                  List.of("skynet.be", "telenet.be", "gmail.com"),
                  List.of("SA", "NV", "BV"),
                  "EUR"),
              4)
          .add(
              new Country(
                  "ES",
                  List.of("es"),
                  List.of("Lucía", "Hugo", "Martín", "Sofía", "Álvaro"),
                  List.of("García", "Fernández", "López", "Martínez", "Muñoz"),
                  List.of("Madrid", "Barcelona", "Sevilla", "Málaga", "A Coruña"),
                  List.of("+34 6## ## ## ##", "6## ### ###", "+34-6##-###-###"),
                  List.of("gmail.com", "hotmail.es", "telefonica.net"),
                  List.of("S.L.", "S.A."),
                  "EUR"),
              6)
          .add(
              new Country(
                  "IT",
                  List.of("it"),
                  List.of("Giulia", "Lorenzo", "Niccolò", "Chiara", "Matteo"),
                  List.of("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi"),
                  List.of("Roma", "Milano", "Napoli", "Torino", "Firenze"),
                  List.of("+39 3## ### ####", "3## ### ####", "0039 3#########"),
                  List.of("libero.it", "gmail.com", "virgilio.it"),
                  List.of("S.r.l.", "S.p.A."),
                  "EUR"),
              6)
          .add(
              new Country(
                  "NL",
                  List.of("nl"),
                  List.of("Daan", "Sanne", "Bram", "Fleur", "Jeroen"),
                  List.of("de Vries", "Jansen", "van den Berg", "Bakker", "Visser"),
                  List.of("Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven"),
                  List.of("+31 6 ########", "06-########", "0031 6 #### ####"),
                  List.of("ziggo.nl", "kpnmail.nl", "gmail.com"),
                  List.of("B.V.", "N.V."),
                  "EUR"),
              5)
          .add(
              new Country(
                  "BR",
                  List.of("pt"),
                  List.of("João", "Ana", "Gabriel", "Letícia", "Conceição"),
                  List.of("Silva", "Santos", "Oliveira", "Gonçalves", "Araújo"),
                  List.of("São Paulo", "Rio de Janeiro", "Belo Horizonte", "Brasília", "Curitiba"),
                  List.of("+55 11 9####-####", "(21) 9####-####", "+55-31-9####-####"),
                  List.of("gmail.com", "uol.com.br", "hotmail.com"),
                  List.of("Ltda.", "S.A."),
                  "USD"),
              5)
          .add(
              new Country(
                  "JP",
                  List.of("ja"),
                  List.of("翔太", "陽菜", "Haruto", "Yui", "大輔"),
                  List.of("佐藤", "鈴木", "Tanaka", "高橋", "Watanabe"),
                  List.of("東京", "Osaka", "京都", "Yokohama", "Sapporo"),
                  List.of("+81 90-####-####", "090-####-####", "+81 80 #### ####"),
                  List.of("docomo.ne.jp", "gmail.com", "yahoo.co.jp"),
                  List.of("K.K.", "株式会社"),
                  "USD"),
              3);
}
