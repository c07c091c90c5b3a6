/*
 * MavenVersionOracle: reads "A B" lines and prints <, = or > for each, as
 * Maven's own ComparableVersion orders A against B. A test oracle, run from
 * the tests with the maven-artifact jar of Debian's Maven on the class path
 * (java's single-file source mode: no build step).
 */
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.apache.maven.artifact.versioning.ComparableVersion;

public class MavenVersionOracle {
	public static void main(String[] args) throws Exception {
		BufferedReader in = new BufferedReader(
		        new InputStreamReader(System.in, StandardCharsets.UTF_8));
		PrintWriter out = new PrintWriter(new BufferedWriter(
		        new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
		String line;

		while ((line = in.readLine()) != null) {
			String[] f = line.split(" ", 2);
			int c = new ComparableVersion(f[0]).compareTo(new ComparableVersion(f[1]));

			out.println(c < 0 ? "<" : c > 0 ? ">" : "=");
		}
		out.flush();
	}
}
