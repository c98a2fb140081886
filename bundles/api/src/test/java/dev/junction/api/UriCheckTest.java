package dev.junction.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UriCheckTest {

    @ParameterizedTest(name = "{0}: strict={1} loose={2} strictPattern={3} loosePattern={4}")
    @CsvSource(delimiter = '|', value = {
            "com.myapp.topic1         | true  | true  | true  | true",
            "a                        | true  | true  | true  | true",
            "com.my_app.t2            | true  | true  | true  | true",
            "com.MyApp.topic          | false | true  | false | true",
            "com.my-app.topic         | false | true  | false | true",
            "com..topic               | false | false | true  | true",
            "com.myapp.               | false | false | true  | true",
            ".com                     | false | false | true  | true",
            "com.my app               | false | false | false | false",
            "com.my#app               | false | false | false | false",
            "'com.ü.x'                | false | true  | false | true",
            "''                       | false | false | true  | true",
    })
    void rules(String uri, boolean strict, boolean loose, boolean strictPattern, boolean loosePattern) {
        assertThat(UriCheck.STRICT.isValid(uri)).isEqualTo(strict);
        assertThat(UriCheck.LOOSE.isValid(uri)).isEqualTo(loose);
        assertThat(UriCheck.STRICT.isValid(uri, MatchPolicy.EXACT)).isEqualTo(strict);
        assertThat(UriCheck.STRICT.isValid(uri, MatchPolicy.PREFIX)).isEqualTo(strictPattern);
        assertThat(UriCheck.LOOSE.isValid(uri, MatchPolicy.WILDCARD)).isEqualTo(loosePattern);
    }
}
