"""DigComp 2.2 competences (CC BY 4.0, European Commission) and their ids.

Content refers to competences as ``digcomp:2.2:<area>.<competence>``; keeping the
framework version in the id lets DigComp 3.0 wording arrive later without ambiguity.
"""

from __future__ import annotations

FRAMEWORK = "2.2"
PREFIX = f"digcomp:{FRAMEWORK}:"

# Titles per language (fr, nl, en, ar, tr, uk); French first. Short forms a learner or
# trainer can read.
COMPETENCES: dict[str, dict[str, str]] = {
    "1.1": {
        "fr": "Naviguer, chercher et filtrer des informations",
        "nl": "Informatie browsen, zoeken en filteren",
        "en": "Browsing, searching and filtering information",
        "ar": "تصفح المعلومات والبحث عنها وتصفيتها",
        "tr": "Bilgiye göz atma, arama ve filtreleme",
        "uk": "Перегляд, пошук і фільтрування інформації",
    },
    "1.2": {
        "fr": "Évaluer des informations",
        "nl": "Informatie beoordelen",
        "en": "Evaluating information",
        "ar": "تقييم المعلومات",
        "tr": "Bilgiyi değerlendirme",
        "uk": "Оцінювання інформації",
    },
    "1.3": {
        "fr": "Gérer des données et des fichiers",
        "nl": "Gegevens en bestanden beheren",
        "en": "Managing data, information and content",
        "ar": "إدارة البيانات والملفات",
        "tr": "Verileri ve dosyaları yönetme",
        "uk": "Керування даними та файлами",
    },
    "2.1": {
        "fr": "Interagir en ligne",
        "nl": "Online communiceren",
        "en": "Interacting online",
        "ar": "التفاعل عبر الإنترنت",
        "tr": "Çevrim içi etkileşim",
        "uk": "Взаємодія онлайн",
    },
    "2.2": {
        "fr": "Partager en ligne",
        "nl": "Online delen",
        "en": "Sharing online",
        "ar": "المشاركة عبر الإنترنت",
        "tr": "Çevrim içi paylaşım",
        "uk": "Обмін онлайн",
    },
    "2.3": {
        "fr": "Être citoyen en ligne",
        "nl": "Online burgerschap",
        "en": "Citizenship online",
        "ar": "المواطنة عبر الإنترنت",
        "tr": "Çevrim içi vatandaşlık",
        "uk": "Громадянська участь онлайн",
    },
    "2.4": {
        "fr": "Collaborer en ligne",
        "nl": "Online samenwerken",
        "en": "Collaborating online",
        "ar": "التعاون عبر الإنترنت",
        "tr": "Çevrim içi iş birliği",
        "uk": "Співпраця онлайн",
    },
    "2.5": {
        "fr": "La nétiquette",
        "nl": "Netiquette",
        "en": "Netiquette",
        "ar": "آداب التعامل عبر الإنترنت",
        "tr": "Netiket",
        "uk": "Мережевий етикет",
    },
    "2.6": {
        "fr": "Gérer son identité numérique",
        "nl": "Digitale identiteit beheren",
        "en": "Managing digital identity",
        "ar": "إدارة الهوية الرقمية",
        "tr": "Dijital kimliği yönetme",
        "uk": "Керування цифровою ідентичністю",
    },
    "3.1": {
        "fr": "Créer du contenu",
        "nl": "Inhoud maken",
        "en": "Developing content",
        "ar": "إنشاء المحتوى",
        "tr": "İçerik oluşturma",
        "uk": "Створення контенту",
    },
    "3.2": {
        "fr": "Modifier du contenu",
        "nl": "Inhoud bewerken",
        "en": "Integrating and re-elaborating content",
        "ar": "تعديل المحتوى ودمجه",
        "tr": "İçeriği düzenleme ve birleştirme",
        "uk": "Редагування й поєднання контенту",
    },
    "3.3": {
        "fr": "Droits d'auteur et licences",
        "nl": "Auteursrecht en licenties",
        "en": "Copyright and licences",
        "ar": "حقوق النشر والتراخيص",
        "tr": "Telif hakkı ve lisanslar",
        "uk": "Авторське право та ліцензії",
    },
    "3.4": {
        "fr": "Programmer",
        "nl": "Programmeren",
        "en": "Programming",
        "ar": "البرمجة",
        "tr": "Programlama",
        "uk": "Програмування",
    },
    "4.1": {
        "fr": "Protéger ses appareils",
        "nl": "Apparaten beschermen",
        "en": "Protecting devices",
        "ar": "حماية الأجهزة",
        "tr": "Cihazları koruma",
        "uk": "Захист пристроїв",
    },
    "4.2": {
        "fr": "Protéger ses données personnelles",
        "nl": "Persoonsgegevens beschermen",
        "en": "Protecting personal data and privacy",
        "ar": "حماية البيانات الشخصية والخصوصية",
        "tr": "Kişisel verileri ve gizliliği koruma",
        "uk": "Захист персональних даних і приватності",
    },
    "4.3": {
        "fr": "Protéger sa santé",
        "nl": "Gezondheid beschermen",
        "en": "Protecting health and well-being",
        "ar": "حماية الصحة والرفاهية",
        "tr": "Sağlığı ve iyi olma hâlini koruma",
        "uk": "Захист здоров'я та добробуту",
    },
    "4.4": {
        "fr": "Protéger l'environnement",
        "nl": "Het milieu beschermen",
        "en": "Protecting the environment",
        "ar": "حماية البيئة",
        "tr": "Çevreyi koruma",
        "uk": "Захист довкілля",
    },
    "5.1": {
        "fr": "Résoudre des problèmes techniques",
        "nl": "Technische problemen oplossen",
        "en": "Solving technical problems",
        "ar": "حل المشكلات التقنية",
        "tr": "Teknik sorunları çözme",
        "uk": "Розв'язання технічних проблем",
    },
    "5.2": {
        "fr": "Trouver le bon outil",
        "nl": "Het juiste hulpmiddel vinden",
        "en": "Identifying needs and technological responses",
        "ar": "تحديد الاحتياجات والحلول التقنية",
        "tr": "İhtiyaçları ve teknolojik çözümleri belirleme",
        "uk": "Визначення потреб і технологічних рішень",
    },
    "5.3": {
        "fr": "Utiliser le numérique avec créativité",
        "nl": "Creatief digitale technologie gebruiken",
        "en": "Creatively using digital technologies",
        "ar": "الاستخدام الإبداعي للتقنيات الرقمية",
        "tr": "Dijital teknolojileri yaratıcı kullanma",
        "uk": "Творче використання цифрових технологій",
    },
    "5.4": {
        "fr": "Repérer ses besoins d'apprentissage",
        "nl": "Leerbehoeften herkennen",
        "en": "Identifying digital competence gaps",
        "ar": "تحديد الثغرات في الكفاءة الرقمية",
        "tr": "Dijital yetkinlik eksiklerini belirleme",
        "uk": "Виявлення прогалин у цифровій компетентності",
    },
}

LEVELS = range(1, 9)


def competence_of(digcomp_id: str) -> str | None:
    """``digcomp:2.2:1.3`` → ``1.3`` if it exists in the framework, else None."""
    if not digcomp_id.startswith(PREFIX):
        return None
    code = digcomp_id[len(PREFIX) :]
    return code if code in COMPETENCES else None


def title(digcomp_id: str, language: str) -> str:
    code = competence_of(digcomp_id)
    if code is None:
        return digcomp_id
    names = COMPETENCES[code]
    return names.get(language) or names["en"]
