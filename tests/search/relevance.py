"""The relevance evaluation set: queries typed as customers type them, per locale,
each with the entries that should come first (recall@5 is measured on it)."""

from __future__ import annotations

EVALUATION: dict[str, list[tuple[str, list[str]]]] = {
    "fr": [
        ("support gratuit combien de jours", ["acronis-free-support"]),
        ("prix assistance incident true image home", ["home-user-support-options"]),
        ("je veux parler au meme technicien", ["same-technician"]),
        ("niveau de gravite probleme critique", ["advantage-severity-levels"]),
        ("mon abonnement support a expire", ["support-contract-expiry-options"]),
        ("passer de premier a standard", ["advantage-change-level"]),
        ("installer sur un nouvel ordinateur", ["license-transfer-new-computer"]),
        ("combien de licences machines virtuelles", ["license-virtual-servers"]),
        ("desinstaller version evaluation avant version complete", ["license-trial-uninstall"]),
        ("numero de telephone du support", ["get-support-phone-number"]),
        ("chat en direct avec le support", ["use-live-chat"]),
        ("enregistrer numero de serie produit", ["register-product-license-key"]),
        ("maxtor maxblast support", ["oem-product-support"]),
        ("ancienne version plus supportee", ["old-version-support"]),
        ("licence pour le media de demarrage", ["license-bootable-media"]),
    ],
    "zh-TW": [
        ("按件計費多少錢", ["ppi-price"]),
        ("PPI 怎麼付款", ["ppi-payment-methods"]),
        ("晚上 系統 故障", ["standard-after-hours-failure"]),
        ("AMPS 合約到期", ["support-contract-expiry-options"]),
        ("舊版產品還有支援嗎", ["old-version-support"]),
        ("客服電話號碼", ["phone-number-location", "support-phone-number-request"]),
        ("怎麼開始即時交談", ["start-live-chat"]),
        ("虚拟环境需要几个授权", ["license-virtual-servers"]),
        ("开机救援媒体授权", ["license-bootable-media"]),
        ("試用版要先解除安裝嗎", ["license-trial-uninstall"]),
        ("SKU 改變", ["advantage-sku-change"]),
        ("True Image Home 企業環境", ["license-home-in-business"]),
        ("新電腦安裝", ["license-transfer-new-computer"]),
    ],
    "zh-CN": [
        ("严重等级 A", ["handbook-severity-levels"]),
        (
            "怎么注册产品",
            ["handbook-register-account-and-products", "handbook-why-register-products"],
        ),
        ("联系客服之前要准备什么信息", ["handbook-prepare-before-contacting-support"]),
        ("支持服务比较表", ["handbook-support-offerings-table-a"]),
        ("软件更新 下载最新版本", ["handbook-software-updates"]),
        ("自動跟蹤郵件", ["handbook-case-follow-up-emails"]),
        ("客戶門戶 查看案例", ["handbook-customer-portal-cases"]),
        ("增强支持不包含哪些服务", ["handbook-enhanced-support-exclusions"]),
        ("提交反馈", ["handbook-submit-feedback"]),
        ("EULA 许可协议", ["handbook-eula-support-terms"]),
        ("符合增强支持的条件", ["handbook-enhanced-support-eligibility"]),
        ("论坛 知识库 自助", ["handbook-self-service-options"]),
        ("谁可以联系客服中心", ["handbook-who-can-contact-support"]),
    ],
    "ro": [
        ("de ce sa reinnoiesc", ["symantec-renewal-benefits"]),
        ("ce se intampla daca nu reinnoiesc contractul", ["symantec-renewal-not-renewing"]),
        ("pasi reinnoire contract", ["symantec-renewal-steps"]),
        ("actualizari software la timp", ["symantec-renewal-benefits"]),
        ("nu mai pot contacta asistenta tehnica", ["symantec-renewal-not-renewing"]),
        ("dovada achizitiei", ["symantec-renewal-steps"]),
        ("distribuitor comanda prelungire", ["symantec-renewal-steps"]),
        ("certificat de licenta nou", ["symantec-renewal-benefits", "symantec-renewal-steps"]),
        ("licență nouă pentru ultima versiune", ["symantec-renewal-not-renewing"]),
        ("portalul MySymantec", ["symantec-renewal-not-renewing"]),
        ("sincronizare date contracte", ["symantec-renewal-steps"]),
        ("experti tehnici Symantec", ["symantec-renewal-benefits"]),
    ],
    "pl": [
        ("co to jest zgloszenie", ["ms-incident-definition"]),
        ("jak dlugo czekac na odpowiedz", ["ms-response-times"]),
        ("pomoc 24 godziny na dobe", ["ms-response-times"]),
        ("czy produkt jest objety cyklem zycia", ["ms-lifecycle-eligibility"]),
        ("pomoc na miejscu u klienta", ["ms-not-covered"]),
        ("rozliczenie karta kredytowa", ["ms-credit-card-billing"]),
        ("kiedy wygasa pakiet", ["ms-five-pack-expiry"]),
        ("osoba ktora kupila pakiet odeszla z firmy", ["ms-five-pack-purchaser-left"]),
        ("zwolnienie z podatku", ["ms-tax-exempt-proof"]),
        ("gwarancja rozwiazania problemu", ["ms-resolution-guarantee"]),
        ("sprawa zamknieta jako nierozwiazana", ["ms-acceptable-resolution"]),
        ("konto microsoft pakiet 5 zgloszen", ["ms-five-pack-sign-in"]),
    ],
}

#: Questions about a price, a response time or a deadline: the entry that states the
#: figure comes in the top 3, and its snippet shows the figure (as the page writes it).
FACT_QUERIES: dict[str, list[tuple[str, str, str]]] = {
    "fr": [
        ("combien coûte un incident", "home-user-support-options", "20,00 $US"),
        ("support gratuit combien de jours", "acronis-free-support", "30 jours"),
        ("délai de réponse gravité A", "ms-response-times", "2 heures"),
    ],
    "zh-TW": [
        ("按件計費多少錢", "ppi-price", "US$9.95"),
    ],
    "zh-CN": [
        ("首次响应时间 高级支持", "handbook-enhanced-support-types", "一天"),
    ],
    "pl": [
        ("ile czasu na odpowiedź", "ms-response-times", "2 godziny"),
    ],
    "ro": [
        ("cât costă un incident", "ppi-price", "20,00 USD"),
        ("timp de răspuns severitate A", "ms-response-times", "2 ore"),
    ],
}
