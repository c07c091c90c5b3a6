/*
 * MavenEffectivePom [--stub] ROOT POM...: the dependencies of each POM's
 * effective model, as Maven's own model builder makes it offline: parents from
 * <relativePath> or, like a reactor, from the POMs under ROOT by coordinates;
 * import BOMs from those POMs too; no repository, no -D properties. With
 * --stub, a parent or BOM not under ROOT reads as an empty POM of its
 * coordinates (what is known without it; versions it would manage print as
 * "null"), and the model is not validated. Prints one
 * "G:A:V g:a:type:classifier:version:scope" line per dependency, G:A:V being
 * the project's own effective coordinates, or "POM ERROR message" when Maven
 * cannot build the model without a repository.
 * A test oracle run with Debian's Maven jars on the class path (java's
 * single-file source mode).
 */
import java.io.File;
import java.io.FileReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Model;
import org.apache.maven.model.Parent;
import org.apache.maven.model.Repository;
import org.apache.maven.model.building.DefaultModelBuilderFactory;
import org.apache.maven.model.building.DefaultModelBuildingRequest;
import org.apache.maven.model.building.FileModelSource;
import org.apache.maven.model.building.ModelBuilder;
import org.apache.maven.model.building.ModelBuildingException;
import org.apache.maven.model.building.ModelBuildingRequest;
import org.apache.maven.model.building.ModelProblem;
import org.apache.maven.model.building.ModelProblemCollector;
import org.apache.maven.model.building.ModelSource2;
import org.apache.maven.model.building.StringModelSource;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.apache.maven.model.resolution.ModelResolver;
import org.apache.maven.model.validation.ModelValidator;
import org.apache.maven.model.resolution.UnresolvableModelException;

public class MavenEffectivePom {
	/* g:a:v -> pom.xml, for every pom.xml under the root (the nearest one wins) */
	static final Map<String, File> byGav = new HashMap<>();
	static boolean stub;

	/* An empty POM of g:a:v, for --stub */
	static class StubSource extends StringModelSource implements ModelSource2 {
		StubSource(String g, String a, String v) {
			super("<project><modelVersion>4.0.0</modelVersion><groupId>" + g
			        + "</groupId><artifactId>" + a + "</artifactId><version>" + v
			        + "</version><packaging>pom</packaging></project>",
			        "stub " + g + ":" + a + ":" + v);
		}

		public ModelSource2 getRelatedSource(String relPath) {
			return null;
		}

		public java.net.URI getLocationURI() {
			return null;
		}
	}

	static class TreeResolver implements ModelResolver {
		public ModelSource2 resolveModel(String g, String a, String v)
		        throws UnresolvableModelException {
			File f = byGav.get(g + ":" + a + ":" + v);
			if (f == null && stub)
				return new StubSource(g, a, v);
			if (f == null)
				throw new UnresolvableModelException("not in the tree", g, a, v);
			return new FileModelSource(f);
		}

		public ModelSource2 resolveModel(Parent p) throws UnresolvableModelException {
			return resolveModel(p.getGroupId(), p.getArtifactId(), p.getVersion());
		}

		public ModelSource2 resolveModel(Dependency d) throws UnresolvableModelException {
			return resolveModel(d.getGroupId(), d.getArtifactId(), d.getVersion());
		}

		public void addRepository(Repository r) {
		}

		public void addRepository(Repository r, boolean replace) {
		}

		public ModelResolver newCopy() {
			return this;
		}
	}

	static DefaultModelBuildingRequest request(File pom) {
		DefaultModelBuildingRequest req = new DefaultModelBuildingRequest();

		req.setPomFile(pom);
		req.setValidationLevel(ModelBuildingRequest.VALIDATION_LEVEL_MINIMAL);
		req.setProcessPlugins(false);
		req.setSystemProperties(new Properties());
		req.setUserProperties(new Properties());
		req.setModelResolver(new TreeResolver());
		return req;
	}

	/*
	 * Indexes the POMs under root as a reactor knows its projects: first by
	 * their raw coordinates, then (twice, for chains of parents) by the
	 * coordinates of their effective models, so a parent whose version is
	 * "${revision}" is found under the version it has.
	 */
	static void index(ModelBuilder builder, Path root) throws IOException {
		List<Path> poms;
		try (Stream<Path> s = Files.walk(root)) {
			poms = s.filter(p -> p.getFileName().toString().equals("pom.xml"))
			               .sorted((x, y) -> x.getNameCount() - y.getNameCount())
			               .collect(Collectors.toList());
		}
		for (Path p : poms) {
			try (FileReader r = new FileReader(p.toFile())) {
				Model m = new MavenXpp3Reader().read(r);
				String g = m.getGroupId(), v = m.getVersion();
				if (g == null && m.getParent() != null)
					g = m.getParent().getGroupId();
				if (v == null && m.getParent() != null)
					v = m.getParent().getVersion();
				byGav.putIfAbsent(g + ":" + m.getArtifactId() + ":" + v, p.toFile());
			} catch (Exception e) {
				/* not a POM Maven reads: not indexed */
			}
		}
		for (int pass = 0; pass < 2; pass++)
			for (Path p : poms) {
				try {
					Model m = builder.build(request(p.toFile())).getEffectiveModel();
					byGav.putIfAbsent(m.getGroupId() + ":" + m.getArtifactId() + ":"
					                          + m.getVersion(),
					        p.toFile());
				} catch (Exception e) {
					/* not built (yet) */
				}
			}
	}

	public static void main(String[] args) throws Exception {
		ModelBuilder builder;

		int first = 0;

		if (args.length > 0 && args[0].equals("--stub")) {
			stub = true;
			first = 1;
		}
		builder = (stub ? new DefaultModelBuilderFactory() {
			protected ModelValidator newModelValidator() {
				return new ModelValidator() {
					public void validateRawModel(Model m, ModelBuildingRequest r,
					        ModelProblemCollector c) {
					}

					public void validateEffectiveModel(Model m, ModelBuildingRequest r,
					        ModelProblemCollector c) {
					}
				};
			}
		} : new DefaultModelBuilderFactory()).newInstance();
		index(builder, Path.of(args[first]));
		for (int i = first + 1; i < args.length; i++) {
			DefaultModelBuildingRequest req = request(new File(args[i]));
			try {
				Model m = builder.build(req).getEffectiveModel();
				String self = m.getGroupId() + ":" + m.getArtifactId() + ":" + m.getVersion();
				for (Dependency d : m.getDependencies())
					System.out.println(self + " " + d.getGroupId() + ":" + d.getArtifactId()
					        + ":" + d.getType() + ":"
					        + (d.getClassifier() == null ? "" : d.getClassifier()) + ":"
					        + d.getVersion() + ":" + (d.getScope() == null ? "" : d.getScope()));
			} catch (ModelBuildingException e) {
				String why = e.getMessage();
				for (ModelProblem p : e.getProblems())
					if (p.getSeverity() != ModelProblem.Severity.WARNING) {
						why = p.getMessage();
						break;
					}
				System.out.println(args[i] + " ERROR " + why.replace('\n', ' '));
			}
		}
	}
}
