import PTRHTTP

try await ServiceApplication.main(.projects, build: buildApplication)
