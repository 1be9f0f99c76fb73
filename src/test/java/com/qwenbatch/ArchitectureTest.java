package com.qwenbatch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of STYLE.md, on the compiled classes: dependencies point one way (no
 * package depends on itself through others), each framework stays in the package that
 * owns it, and the model engine is reached only through its facade.
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

	@ArchTest
	static final ArchRule domainRecordsAreFrameworkFree = noClasses().that()
		.resideInAPackage("com.qwenbatch.comment..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "ai.djl..", "org.apache..", "tools.jackson..", "com.fasterxml..");

}
