package com.qwenbatch;

import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of docs/architecture.md, on the compiled classes: dependencies point
 * one way (no package depends on itself through others), each framework stays in the
 * package that owns it, and the model engine is reached only through its facade.
 */
@AnalyzeClasses(packages = "com.qwenbatch", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

	@ArchTest
	static final ArchRule noPackageCycles = slices().matching("com.qwenbatch.(**)").should().beFreeOfCycles();

	@ArchTest
	static final ArchRule theEntryPointIsOnlyEverCalled = noClasses().that()
		.resideInAPackage("com.qwenbatch..")
		.and()
		.resideOutsideOfPackage("com.qwenbatch")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("com.qwenbatch");

	@ArchTest
	static final ArchRule djlOnlyUnderLlm = noClasses().that()
		.resideOutsideOfPackage("com.qwenbatch.llm..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("ai.djl..");

	@ArchTest
	static final ArchRule poiOnlyInReport = noClasses().that()
		.resideOutsideOfPackage("com.qwenbatch.report..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("org.apache.poi..");

	@ArchTest
	static final ArchRule springBatchOnlyInJob = noClasses().that()
		.resideOutsideOfPackage("com.qwenbatch.job..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("org.springframework.batch..");

	@ArchTest
	static final ArchRule theModelIsReachedThroughItsFacade = noClasses().that()
		.resideOutsideOfPackage("com.qwenbatch.llm..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("com.qwenbatch.llm.model..", "com.qwenbatch.llm.generate..",
				"com.qwenbatch.llm.tokenizer..");

	/**
	 * The engine's facade (the classes of com.qwenbatch.llm itself) hands out none of its
	 * insides: no public method or constructor takes or returns a type of llm.model,
	 * llm.generate or llm.tokenizer. Its own tests reach those from their packages.
	 */
	@ArchTest
	static final ArchRule theFacadeHandsOutNoInsides = codeUnits().that()
		.areDeclaredInClassesThat()
		.resideInAPackage("com.qwenbatch.llm")
		.and()
		.arePublic()
		.should(new ArchCondition<JavaCodeUnit>("take and return only the facade's own types") {
			@Override
			public void check(JavaCodeUnit method, ConditionEvents events) {
				List<JavaClass> types = new ArrayList<>(method.getRawParameterTypes());
				types.add(method.getRawReturnType());
				for (JavaClass type : types) {
					String name = type.getPackageName();
					if (name.startsWith("com.qwenbatch.llm.model") || name.startsWith("com.qwenbatch.llm.generate")
							|| name.startsWith("com.qwenbatch.llm.tokenizer")) {
						events.add(SimpleConditionEvent.violated(method,
								method.getFullName() + " exposes " + type.getName()));
					}
				}
			}
		});

	@ArchTest
	static final ArchRule domainRecordsAreFrameworkFree = noClasses().that()
		.resideInAPackage("com.qwenbatch.comment..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "ai.djl..", "org.apache..", "tools.jackson..", "com.fasterxml..");

}
