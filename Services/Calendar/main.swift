import PTRHTTP

try await ServiceApplication.main(.calendar, build: buildApplication)
